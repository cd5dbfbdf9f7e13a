package org.facialcds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facialcds.scenario.PatientGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchCommandTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
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

    private static Run run(String... args) {
        return run(InputStream.nullInputStream(), args);
    }

    private Path generated(String name, long seed, int count) throws Exception {
        StringWriter text = new StringWriter();
        new PatientGenerator(seed).write(count, text);
        return Files.writeString(tmp.resolve(name), text.toString());
    }

    private static List<JsonNode> records(Path file) throws Exception {
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(file)) records.add(MAPPER.readTree(line));
        return records;
    }

    @Test
    void whenSeveralThreadsEvaluate_thenTheResultsKeepTheInputOrder() throws Exception {
        Path input = generated("patients.ndjson", 3, 700);
        Path output = tmp.resolve("results.ndjson");

        Run run = run("batch", "--input", input.toString(), "--output", output.toString(), "--threads", "4");

        assertThat(run.code()).as(run.err()).isZero();
        List<JsonNode> records = records(output);
        assertThat(records).hasSize(700);
        for (int i = 0; i < records.size(); i++) {
            assertThat(records.get(i).path("patientId").asText()).isEqualTo("gen-3-" + i);
        }
        assertThat(run.err()).contains("700 patients evaluated, 0 invalid").contains("recommendations by code:")
                .contains("Decision support only");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void whenLinesAreInvalid_thenEachIsReportedWithItsLineNumberAndTheBatchGoesOn() throws Exception {
        List<String> good = new PatientGenerator(9).json(0).lines().toList();
        String text = String.join("\n", List.of(
                good.get(0),
                "{\"id\": \"p2\", \"age\": 190}",
                "not json at all",
                "",
                new PatientGenerator(9).json(1),
                "{\"id\": \"p6\", \"twitching\": {\"laterality\": \"BOTH\"}}")) + "\n";
        Path input = Files.writeString(tmp.resolve("mixed.ndjson"), text);
        Path output = tmp.resolve("out.ndjson");

        Run run = run("batch", "--input", input.toString(), "--output", output.toString(), "--threads", "2");

        assertThat(run.code()).isEqualTo(Main.EXIT_INVALID);
        List<JsonNode> records = records(output);
        assertThat(records).hasSize(5); // the blank line is not a patient
        assertThat(records.get(0).path("patientId").asText()).isEqualTo("gen-9-0");
        assertThat(records.get(1).path("line").asInt()).isEqualTo(2);
        assertThat(records.get(1).path("error").asText()).startsWith("FCDS-0101").contains("$.age");
        assertThat(records.get(2).path("line").asInt()).isEqualTo(3);
        assertThat(records.get(2).path("error").asText()).contains("malformed JSON");
        assertThat(records.get(3).path("patientId").asText()).isEqualTo("gen-9-1");
        assertThat(records.get(4).path("line").asInt()).isEqualTo(6);
        assertThat(records.get(4).path("error").asText()).contains("$.twitching.laterality").contains("BOTH");
        assertThat(run.err()).contains("facial-cds: line 2: FCDS-0101").contains("facial-cds: line 3: ")
                .contains("facial-cds: line 6: ").contains("2 patients evaluated, 3 invalid")
                .doesNotContain("\tat ");
    }

    @Test
    void whenABatchRuns_thenEachResultIsWhatEvaluatePrintsForThatPatient() throws Exception {
        PatientGenerator generator = new PatientGenerator(11);
        List<String> files = new ArrayList<>();
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < 60; i++) { // four turns of every presentation
            String json = generator.json(i);
            ndjson.append(json).append('\n');
            files.add(Files.writeString(tmp.resolve("p" + i + ".json"), json).toString());
        }
        Path input = Files.writeString(tmp.resolve("all.ndjson"), ndjson);
        Path output = tmp.resolve("all-results.ndjson");

        Run batch = run("batch", "--input", input.toString(), "--output", output.toString(), "--threads", "3");
        List<String> args = new ArrayList<>(List.of("evaluate", "--format", "json"));
        args.addAll(files);
        Run evaluate = run(args.toArray(String[]::new));

        assertThat(batch.code()).as(batch.err()).isZero();
        assertThat(evaluate.code()).as(evaluate.err()).isZero();
        assertThat(Files.readAllLines(output)).containsExactlyElementsOf(evaluate.out().lines().toList());
    }

    @Test
    void whenReasoningIsOff_thenNoResultCarriesBecause() throws Exception {
        Path input = generated("p.ndjson", 4, 45);
        Path output = tmp.resolve("r.ndjson");

        Run run = run("batch", "--input", input.toString(), "--output", output.toString(), "--no-reasoning");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(Files.readString(output)).doesNotContain("\"because\"").contains("\"recommendations\"");
    }

    @Test
    void whenInputIsStandardInputAndOutputIsStandardOutput_thenResultsAreStreamedThere() throws Exception {
        StringWriter text = new StringWriter();
        new PatientGenerator(8).write(20, text);

        Run run = run(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)),
                "batch", "--input", "-", "--output", "-", "--threads", "2");

        assertThat(run.code()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(20);
        assertThat(MAPPER.readTree(lines.get(19)).path("patientId").asText()).isEqualTo("gen-8-19");
    }

    @Test
    void whenInputIsADirectory_thenItsNdjsonFilesAreReadInNameOrderAndErrorsNameTheFile() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        Files.writeString(dir.resolve("b.ndjson"), new PatientGenerator(2).json(1) + "\n{\"age\": -1}\n");
        Files.writeString(dir.resolve("a.ndjson"), new PatientGenerator(2).json(0) + "\n");
        Files.writeString(dir.resolve("notes.txt"), "not read");
        Path output = tmp.resolve("dir-results.ndjson");

        Run run = run("batch", "--input", dir.toString(), "--output", output.toString());

        assertThat(run.code()).isEqualTo(Main.EXIT_INVALID);
        List<JsonNode> records = records(output);
        assertThat(records).hasSize(3);
        assertThat(records.get(0).path("patientId").asText()).isEqualTo("gen-2-0");
        assertThat(records.get(1).path("patientId").asText()).isEqualTo("gen-2-1");
        assertThat(records.get(2).path("file").asText()).isEqualTo("b.ndjson");
        assertThat(records.get(2).path("line").asInt()).isEqualTo(2);
        assertThat(run.err()).contains("b.ndjson: line 2: FCDS-0101");
    }

    @Test
    void whenTheInputIsMissingOrThreadsAreWrong_thenExitTwoWithoutStackTrace() {
        Run missing = run("batch", "--input", tmp.resolve("nope.ndjson").toString(), "--output", tmp.resolve("o").toString());
        assertThat(missing.code()).isEqualTo(Main.EXIT_INVALID);
        assertThat(missing.err()).contains("no such file");

        Run threads = run("batch", "--input", "-", "--output", "-", "--threads", "0");
        assertThat(threads.code()).isEqualTo(Main.EXIT_INVALID);
        assertThat(threads.err()).contains("--threads").doesNotContain("\tat ");
    }

    @Test
    void whenGenerateRunsTwiceWithOneSeed_thenItPrintsTheSameValidPatients() {
        Run first = run("generate", "--count", "120", "--seed", "77");
        Run second = run("generate", "--count", "120", "--seed", "77");

        assertThat(first.code()).isZero();
        assertThat(first.out()).isEqualTo(second.out());
        assertThat(first.out().lines()).hasSize(120);

        Run batch = run(new ByteArrayInputStream(first.out().getBytes(StandardCharsets.UTF_8)),
                "batch", "--input", "-", "--output", "-");
        assertThat(batch.code()).as(batch.err()).isZero();
        assertThat(batch.err()).contains("120 patients evaluated, 0 invalid");
    }
}
