package org.facialcds.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Runs the command in this JVM and builds rules directories for the authoring-tool tests. */
final class CliHarness {

    private CliHarness() {
    }

    /** One in-process run: exit code, standard output, standard error. */
    record Run(int code, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }

        List<String> errLines() {
            return err.lines().toList();
        }

        /** Everything printed, for failure messages. */
        String all() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(InputStream.nullInputStream(), o, e, args);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A copy of the project's {@code rules/} (DRL, properties and scenarios) under {@code target}. */
    static Path copyOfRules(Path target) {
        Path source = Path.of("rules");
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    static final String DEMO_DRL = """
            // A tiny knowledge base for the authoring-tool tests.
            package demo;

            import org.facialcds.facts.*;
            import function org.facialcds.facts.Conclusions.conclude;

            rule "Eyelid flicker suggests eyelid myokymia"
                @id("DEMO-01") @evidence("[S18] eyelid myokymia review")
            when
                Twitching(movement == Movement.FINE_FLICKER)
            then
                insertLogical(conclude(kcontext, Code.DX_EYELID_MYOKYMIA));
            end

            rule "Eyelid myokymia needs only reassurance"
                @id("DEMO-02") @evidence("[S19] expert opinion")
            when
                Conclusion(code == Code.DX_EYELID_MYOKYMIA)
                Twitching(progressive != true)
            then
                insertLogical(conclude(kcontext, Code.TX_REASSURANCE));
            end
            """;

    static final String DEMO_SCENARIO = """
            name: "Flicker is eyelid myokymia"
            patient:
              id: demo-1
              asOf: "2026-11-26"
              age: 30
              twitching: {movement: FINE_FLICKER}
            expect:
              present: [DX_EYELID_MYOKYMIA, TX_REASSURANCE]
              absent: [DX_HFS_SUSPECTED]
            """;

    /** A tiny rules directory: two rules in {@code demo/demo.drl} and one passing scenario. */
    static Path demoRules(Path dir) {
        try {
            Files.createDirectories(dir.resolve("demo"));
            Files.createDirectories(dir.resolve("scenarios"));
            Files.writeString(dir.resolve("knowledge-base.properties"), "name=demo\nversion=1.0.0\n");
            Files.writeString(dir.resolve("demo/demo.drl"), DEMO_DRL);
            Files.writeString(dir.resolve("scenarios/flicker.yaml"), DEMO_SCENARIO);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** The 1-based line of the first line containing this text. */
    static int lineOf(Path file, String text) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i + 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("'" + text + "' not in " + file);
    }

    /** Replaces one occurrence of a text in a file (failing if it is not there). */
    static void replace(Path file, String from, String to) {
        try {
            String text = Files.readString(file);
            if (!text.contains(from)) throw new AssertionError("'" + from + "' not in " + file);
            Files.writeString(file, text.replaceFirst(java.util.regex.Pattern.quote(from),
                    java.util.regex.Matcher.quoteReplacement(to)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
