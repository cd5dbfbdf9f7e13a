package org.facialcds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facialcds.Evaluation;
import org.facialcds.FacialCds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String V13 = "examples/patients/v13-beb-normal-mri.json";
    private static final String V01 = "examples/patients/v01-eyelid-myokymia-caffeine.json";

    @TempDir
    Path tmp;

    /** One in-process run: exit code, standard output, standard error. */
    record Run(int code, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }

        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Run run(String... args) {
        return run(InputStream.nullInputStream(), args);
    }

    private static Run run(InputStream in, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(in, o, e, args);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertNoStackTrace(Run run) {
        assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    /** A tiny knowledge base of our own, so input-handling tests do not depend on the bundled rule content. */
    private Path rulesDir() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("rules"));
        Files.writeString(dir.resolve("knowledge-base.properties"), "name=x\nversion=1\n");
        Files.writeString(dir.resolve("demo.drl"), """
                package rules.demo;

                import org.facialcds.facts.*;
                import function org.facialcds.facts.Conclusions.conclude;

                rule "Eyelid flicker suggests eyelid myokymia"
                    @id("DX-TEST-01") @evidence("test") @level("AAN C")
                when
                    Twitching( movement == Movement.FINE_FLICKER )
                then
                    insertLogical(conclude(kcontext, Code.DX_EYELID_MYOKYMIA));
                    insertLogical(conclude(kcontext, Code.AVOID_BENZODIAZEPINE, Reason.NOT_INDICATED));
                end
                """);
        return dir;
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(tmp.resolve(name), text);
    }

    @Test
    void whenTwoFilesAsJson_thenExitZeroAndOneJsonLinePerFileInInputOrder() throws Exception {
        Run run = run("evaluate", "--format", "json", V13, V01);

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.outLines()).hasSize(2);
        JsonNode first = MAPPER.readTree(run.outLines().get(0));
        JsonNode second = MAPPER.readTree(run.outLines().get(1));
        assertThat(first.get("patientId").asText()).isEqualTo("v13-beb-normal-mri");
        assertThat(second.get("patientId").asText()).isEqualTo("v01-eyelid-myokymia-caffeine");
        assertThat(first.get("asOf").asText()).isEqualTo("2026-11-26");
        assertThat(first.get("engine").get("version").asText()).isEqualTo(FacialCds.ENGINE_VERSION);
        assertThat(first.get("disclaimer").asText()).isEqualTo(Evaluation.DISCLAIMER);
        assertThat(first.has("firedRules")).isFalse();
    }

    @Test
    void whenTextFormat_thenHeaderGroupsBecauseAndDisclaimerLast() throws Exception {
        Run run = run("evaluate", "--rules", rulesDir().toString(), V01);

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Patient: v01-eyelid-myokymia-caffeine\nAs of: 2026-11-26\n"
                        + "Knowledge base: x 1, engine " + FacialCds.ENGINE_VERSION + "\n")
                .contains("\nDiagnosis hypotheses\n  DX_EYELID_MYOKYMIA  ")
                .contains("[evidence AAN C]")
                .contains("because: DX-TEST-01 — $.twitching.movement = FINE_FLICKER")
                .contains("\nAvoid\n  AVOID_BENZODIAZEPINE  ")
                .contains("[reason NOT_INDICATED; evidence AAN C]");
        assertThat(run.outLines().get(run.outLines().size() - 1)).isEqualTo(Evaluation.DISCLAIMER);
    }

    @Test
    void whenDashIsGiven_thenStandardInputIsRead_andAsOfReplacesTheFileDate() throws Exception {
        byte[] input = Files.readAllBytes(Path.of(V01));

        Run run = run(new ByteArrayInputStream(input), "evaluate", "--rules", rulesDir().toString(),
                "--format", "json", "--as-of", "2026-12-01", "-");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(MAPPER.readTree(run.out()).get("asOf").asText()).isEqualTo("2026-12-01");
    }

    @Test
    void whenInputIsInvalid_thenExitTwoAndOneLinePerProblemWithoutStackTrace() throws Exception {
        Path bad = file("bad.json", """
                {"id": "p1", "asOf": "2026-11-26", "age": 190, "twitching": {"laterality": "BOTH"}}
                """);

        Run run = run("evaluate", "--rules", rulesDir().toString(), bad.toString());

        assertThat(run.code()).isEqualTo(Main.EXIT_INVALID);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).anyMatch(l -> l.contains("FCDS-0101"))
                .anyMatch(l -> l.contains(bad + ": $.age: ") && l.contains("190"))
                .anyMatch(l -> l.contains(bad + ": $.twitching.laterality: ") && l.contains("\"BOTH\""));
        assertNoStackTrace(run);
    }

    @Test
    void whenOneOfTwoFilesIsInvalid_thenTheOtherIsStillEvaluatedAndExitIsTwo() throws Exception {
        Path bad = file("bad.json", "{\"age\": 190}");

        Run run = run("evaluate", "--rules", rulesDir().toString(), "--format", "json", bad.toString(), V01);

        assertThat(run.code()).isEqualTo(Main.EXIT_INVALID);
        assertThat(run.outLines()).singleElement().asString().contains("v01-eyelid-myokymia-caffeine");
    }

    @Test
    void whenFileIsMissing_thenExitTwoAndSaysSo() {
        Run run = run("evaluate", "no-such-patient.json");

        assertThat(run.code()).isEqualTo(Main.EXIT_INVALID);
        assertThat(run.err()).isEqualTo("facial-cds: cannot read no-such-patient.json: no such file" + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }

    @Test
    void whenRulesDoNotCompile_thenExitThreeWithFileAndLine() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(dir.resolve("knowledge-base.properties"), "name=x\nversion=1\n");
        Files.writeString(dir.resolve("broken.drl"), """
                package rules.broken;

                rule "missing its condition's end"
                when
                    Foo( x ==
                then
                end
                """);

        Run validate = run("validate", "--rules", dir.toString());
        Run evaluate = run("evaluate", "--rules", dir.toString(), V13);

        for (Run run : List.of(validate, evaluate)) {
            assertThat(run.code()).isEqualTo(Main.EXIT_RULES);
            assertThat(run.errLines()).anyMatch(l -> l.matches(".*broken\\.drl:\\d+: .+"));
            assertThat(run.out()).isEmpty();
            assertNoStackTrace(run);
        }
    }

    @Test
    void whenRulesDirectoryIsMissing_thenExitTwo() {
        Run run = run("validate", "--rules", tmp.resolve("nowhere").toString());

        assertThat(run.code()).isEqualTo(Main.EXIT_INVALID);
        assertThat(run.err()).contains("cannot read rules directory").contains("no such directory");
    }

    @Test
    void whenValidatingTheBundledRules_thenOk() {
        Run run = run("validate");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).matches("OK: \\d+ rules?, knowledge base \\S+ \\S+ sha256 [0-9a-f]{64}\\R");
    }

    @Test
    void whenValidatingOurOwnRules_thenCountsThem() throws Exception {
        Run run = run("validate", "--rules", rulesDir().toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("OK: 1 rule, knowledge base x 1 sha256 ");
    }

    @Test
    void whenUsageIsWrong_thenExitTwoWithoutStackTrace() {
        for (String[] args : List.of(new String[] {"evaluate"}, new String[] {"evaluate", "--format", "xml", V13},
                new String[] {"evaluate", "--as-of", "26/11/2026", V13}, new String[] {"frobnicate"},
                new String[] {})) {
            Run run = run(args);
            assertThat(run.code()).as(String.join(" ", args)).isEqualTo(Main.EXIT_INVALID);
            assertThat(run.err()).startsWith("facial-cds: ");
            assertThat(run.out()).isEmpty();
            assertNoStackTrace(run);
        }
    }

    @Test
    void whenVersionIsAsked_thenPrintsTheEngineVersion() {
        Run run = run("--version");

        assertThat(run.code()).isZero();
        assertThat(run.out().strip()).isEqualTo("facial-cds " + FacialCds.ENGINE_VERSION);
    }
}
