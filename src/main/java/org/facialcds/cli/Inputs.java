package org.facialcds.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.facialcds.Configuration;
import org.facialcds.FacialCds;
import org.facialcds.FacialCdsException;
import org.facialcds.RuleCompilationException;

/** Reading files and rules for the commands, with messages that say what went wrong. */
final class Inputs {

    private Inputs() {
    }

    /** Why this file cannot be read, or {@code null} when it looks readable. */
    static String problemWith(Path path) {
        if (!Files.exists(path)) {
            return "no such file";
        }
        if (Files.isDirectory(path)) {
            return "is a directory";
        }
        if (!Files.isReadable(path)) {
            return "permission denied";
        }
        return null;
    }

    /** A missing rules directory is bad usage (exit 2), not a rule problem; {@code null} when fine. */
    static Integer checkRulesDirectory(Path rules, PrintStream err) {
        if (rules == null) {
            return null;
        }
        if (!Files.exists(rules)) {
            err.println(Main.NAME + ": cannot read rules directory " + rules + ": no such directory");
            return Main.EXIT_INVALID;
        }
        if (!Files.isDirectory(rules)) {
            err.println(Main.NAME + ": cannot read rules directory " + rules + ": not a directory");
            return Main.EXIT_INVALID;
        }
        return null;
    }

    /**
     * The rules folder an authoring command works on ({@code --rules}, else {@code ./rules}); {@code null} after
     * saying what is wrong (bad usage: exit 2).
     */
    static Path authoringRules(Path given, PrintStream err) {
        Path dir = given != null ? given : Path.of("rules");
        if (given == null && !Files.isDirectory(dir)) {
            err.println(Main.NAME + ": no ./rules directory here; give one with --rules DIR");
            return null;
        }
        return checkRulesDirectory(dir, err) == null ? dir : null;
    }

    /** Where the scenarios of a rules folder are: its {@code scenarios} folder when there is one, else itself. */
    static Path scenarios(Path rules) {
        Path scenarios = rules.resolve("scenarios");
        return Files.isDirectory(scenarios) ? scenarios : rules;
    }

    /** An engine, or the exit code after the reason it could not be built was printed. */
    record Built(FacialCds cds, int exitCode) {
        boolean ok() {
            return cds != null;
        }
    }

    /** Compiles the rules into an engine; on failure prints every problem on {@code err}. */
    static Built build(Configuration configuration, PrintStream err) {
        try {
            return new Built(FacialCds.create(configuration), Main.EXIT_OK);
        } catch (RuleCompilationException e) {
            printRuleProblems(e, err);
            return new Built(null, Main.EXIT_RULES);
        } catch (FacialCdsException e) {
            err.println(Main.NAME + ": " + e.getMessage().lines().findFirst().orElse(""));
            return new Built(null, exitCodeOf(e));
        } catch (UncheckedIOException e) {
            err.println(Main.NAME + ": cannot read rules: " + reason(e.getCause()));
            return new Built(null, Main.EXIT_INVALID);
        }
    }

    static void printRuleProblems(RuleCompilationException e, PrintStream err) {
        int n = e.problems().size();
        err.println(Main.NAME + ": " + e.code() + " the rules do not compile (" + n
                + (n == 1 ? " problem" : " problems") + "):");
        e.problems().forEach(err::println);
    }

    /** 01xx input, 03xx configuration/I-O and 05xx FHIR input problems are the user's to fix (2); 02xx are rules (3). */
    static int exitCodeOf(FacialCdsException e) {
        String code = e.code() == null ? "" : e.code();
        if (code.startsWith("FCDS-01") || code.startsWith("FCDS-03") || code.startsWith("FCDS-05")) {
            return Main.EXIT_INVALID;
        }
        if (code.startsWith("FCDS-02")) {
            return Main.EXIT_RULES;
        }
        return Main.EXIT_INTERNAL;
    }

    static String decode(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    }

    static String reason(Throwable e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        String message = e == null ? null : e.getMessage();
        return message == null ? (e == null ? "unknown error" : e.getClass().getSimpleName()) : message;
    }
}
