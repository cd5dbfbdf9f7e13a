package org.facialcds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.facialcds.EvaluationJson;
import org.facialcds.FacialCds;
import org.facialcds.fhir.FhirPatientMapper;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code facial-cds batch} on FHIR R4 bulk exports: grouped by patient on disk, each patient mapped and evaluated. */
class FhirBulkBatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SAMPLE = Path.of("..", "shared", "fixtures", "fhir", "sample-bulk-10-patients");
    /** The export's own transaction date (its log.ndjson), so ages and "current" never move. */
    private static final LocalDate AS_OF = LocalDate.of(2024, 8, 6);

    @TempDir
    Path tmp;

    private static List<JsonNode> records(Path file) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(file)) records.add(JSON.readTree(line));
        return records;
    }

    private static List<Path> ndjson(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.toString().endsWith(".ndjson")).sorted().toList();
        }
    }

    @Test
    void whenTheSampleExportIsBatched_thenEachPatientIsWhatTheLibraryMakesOfTheWholeExport() throws Exception {
        Path output = tmp.resolve("sample-results.ndjson");
        Path work = tmp.resolve("work");

        CliHarness.Run run = CliHarness.run("batch", "--input", SAMPLE.toString(), "--output", output.toString(),
                "--as-of", AS_OF.toString(), "--threads", "2", "--temp-dir", work.toString());

        // the library in this JVM on every resource of the export, choosing each patient's resources itself
        Map<String, JsonNode> expected = new TreeMap<>();
        List<Resource> all = new ArrayList<>();
        for (Path f : ndjson(SAMPLE)) {
            for (String line : Files.readAllLines(f)) {
                if (FhirPatientMapper.looksLikeFhir(line)) all.add(FhirPatientMapper.parseResource(line));
            }
        }
        try (FacialCds cds = FacialCds.withBundledRules()) {
            for (Resource r : all) {
                if (!(r instanceof Patient)) continue;
                String id = r.getIdElement().getIdPart();
                var mapping = new FhirPatientMapper().map(all, id, AS_OF);
                ObjectNode result = (ObjectNode) JSON.readTree(EvaluationJson.toJson(cds.evaluate(PatientReader.read(cds, mapping, AS_OF))));
                // the one warning a whole-export mapping adds: batch hands the mapper this patient's resources only
                ArrayNode warnings = result.withArray("warnings");
                for (int i = warnings.size() - 1; i >= 0; i--) {
                    if (warnings.get(i).asText().startsWith("resources about other patients, left out: ")) warnings.remove(i);
                }
                expected.put(id, result);
            }
        }
        assertThat(run.code()).as(run.all()).isZero();
        List<JsonNode> records = records(output);
        assertThat(records).extracting(r -> r.path("patientId").asText())
                .containsExactlyElementsOf(expected.keySet()); // patient-id order
        for (JsonNode r : records) {
            JsonNode e = expected.get(r.path("patientId").asText());
            assertThat(r.get("recommendations")).as(r.path("patientId").asText()).isEqualTo(e.get("recommendations"));
            assertThat(r.equals(e)).as("the whole result of %s, warnings included", r.path("patientId").asText()).isTrue();
        }
        assertThat(expected).hasSize(13);
        assertThat(run.err()).contains("13 patients evaluated, 0 invalid")
                .contains("batch: skipped log.ndjson: its first line is not a FHIR resource")
                .contains("DATA_NEEDED");
        assertThat(work).satisfiesAnyOf(w -> assertThat(w).doesNotExist(), w -> assertThat(w).isEmptyDirectory());
    }

    @Test
    void whenAnExportHasBrokenRecords_thenEachIsAnErrorWithFileAndLineAndTheOtherPatientsAreScreened() throws Exception {
        Path export = brokenExport(tmp.resolve("broken"));
        Path output = tmp.resolve("broken-results.ndjson");

        CliHarness.Run run = CliHarness.run("batch", "--input", export.toString(), "--output", output.toString(),
                "--as-of", "2026-11-26", "--threads", "2");

        assertThat(run.code()).as(run.all()).isEqualTo(Main.EXIT_INVALID);
        List<JsonNode> records = records(output);
        // unreadable lines first, as the first pass meets them; then the patients in id order
        assertThat(records).extracting(r -> r.path("patientId").asText(r.path("file").asText() + ":" + r.path("line")))
                .containsExactly("Patient.000.ndjson:3", "Patient.000.ndjson:4", "pat-one", "pat-three", "pat-two");
        assertThat(records.get(0).path("error").asText()).startsWith("FCDS-0501: malformed JSON at column ");
        assertThat(records.get(1).path("error").asText()).startsWith("FCDS-0504: a Patient without an id");
        // a resource HAPI FHIR cannot read: its whole patient is left out, at that resource's line
        JsonNode two = records.get(4);
        assertThat(two.path("file").asText()).isEqualTo("Condition.000.ndjson");
        assertThat(two.path("line").asInt()).isEqualTo(2);
        assertThat(two.path("error").asText()).startsWith("FCDS-0503: a Condition that HAPI FHIR cannot read as R4");
        assertThat(two.has("recommendations")).isFalse();
        // the others as the library maps them, the Medication joined through its reference
        assertThat(records.get(2)).isEqualTo(libraryResult(export, "pat-one", false));
        assertThat(records.get(3)).isEqualTo(libraryResult(export, "pat-three", true));
        assertThat(codes(records.get(3))).contains("AVOID_BENZODIAZEPINE");
        assertThat(run.err()).contains("facial-cds: Patient.000.ndjson: line 3: FCDS-0501")
                .contains("facial-cds: Patient.000.ndjson: line 4: FCDS-0504")
                .contains("facial-cds: Condition.000.ndjson: line 2: FCDS-0503")
                .contains("2 patients evaluated, 3 invalid")
                .contains("1 FHIR resources about no patient (Practitioner, Organization, ...) left out")
                .contains("1 shared resources (Medication) joined to the patients that reference them")
                .contains("skipped log.ndjson")
                .doesNotContain("pat-").doesNotContain("\tat ");
    }

    @Test
    void whenAllResourceTypesAreInOneFile_thenItIsReadAsAnExport() throws Exception {
        Path export = brokenExport(tmp.resolve("one"));
        StringBuilder all = new StringBuilder();
        for (Path f : List.of(export.resolve("Patient.000.ndjson"), export.resolve("MedicationRequest.000.ndjson"),
                export.resolve("Medication.000.ndjson"))) {
            all.append(Files.readString(f));
        }
        Path file = Files.writeString(tmp.resolve("everything.ndjson"), all);
        Path output = tmp.resolve("one-results.ndjson");

        CliHarness.Run run = CliHarness.run("batch", "--input", file.toString(), "--output", output.toString(),
                "--as-of", "2026-11-26");

        List<JsonNode> records = records(output);
        assertThat(records).extracting(r -> r.has("patientId") ? r.get("patientId").asText() : r.path("error").asText().substring(0, 9))
                .containsExactly("FCDS-0501", "FCDS-0504", "pat-one", "pat-three", "pat-two");
        assertThat(records.get(0).path("file").asText()).isEqualTo("everything.ndjson");
        assertThat(codes(records.get(3))).contains("AVOID_BENZODIAZEPINE");
        assertThat(run.code()).as(run.all()).isEqualTo(Main.EXIT_INVALID);
    }

    @Test
    void whenRunsAreTiny_thenTheMergeOfManyRunsGivesEachPatientAllItsLinesInOrderAndDeletesThem() throws Exception {
        Path export = Files.createDirectories(tmp.resolve("many"));
        Map<String, List<String>> expected = shuffledExport(export, 40, new Random(7));
        Path work = tmp.resolve("runs");

        List<String> tiny = new ArrayList<>();
        int runFilesSeen;
        try (FhirBulkSource source = FhirBulkSource.open(ndjson(export), work, 1, 3)) {
            tiny.add(describe(source.next())); // the unreadable line, met while grouping
            BatchSource.Item first = source.next(); // the first patient: the runs are merged by now
            try (Stream<Path> dirs = Files.list(work)) {
                Path dir = dirs.findFirst().orElseThrow();
                try (Stream<Path> runs = Files.list(dir)) {
                    runFilesSeen = (int) runs.count();
                }
            }
            tiny.add(describe(first));
            for (BatchSource.Item item; (item = source.next()) != null; ) tiny.add(describe(item));
            assertThat(source.notes()).contains("1 FHIR resources about no patient (Practitioner, Organization, ...) left out");
            assertThat(source.runsWritten()).as("one run per line, and the runs of the merge rounds").isGreaterThan(100);
        }
        List<String> inMemory = new ArrayList<>();
        try (FhirBulkSource source = FhirBulkSource.open(ndjson(export), work, FhirBulkSource.DEFAULT_RUN_BYTES, FhirBulkSource.DEFAULT_FAN_IN)) {
            for (BatchSource.Item item; (item = source.next()) != null; ) inMemory.add(describe(item));
        }

        List<String> want = new ArrayList<>();
        want.add("Observation.000.ndjson:5 error");
        expected.forEach((id, places) -> want.add(id + " " + places));
        assertThat(tiny).containsExactlyElementsOf(want);
        assertThat(inMemory).isEqualTo(tiny);
        assertThat(runFilesSeen).as("runs left after the merge rounds").isEqualTo(3);
        assertThat(work).isEmptyDirectory();
    }

    /** "id [file:line, ...]" for a patient, "file:line error" for an unreadable line. */
    private static String describe(BatchSource.Item item) {
        if (!(item instanceof FhirBulkSource.PatientRecord p)) return item.file() + ":" + item.line() + " error";
        List<String> places = new ArrayList<>();
        for (FhirBulkSource.Entry e : p.entries()) places.add(FILES.get(e.file()) + ":" + e.line());
        return p.patientId() + " " + places;
    }

    private static final List<String> FILES = List.of("Condition.000.ndjson", "Medication.000.ndjson",
            "MedicationRequest.000.ndjson", "Observation.000.ndjson", "Patient.000.ndjson");

    /**
     * Patients in shuffled order, each with some Conditions, MedicationRequests and Observations spread over the
     * files, one Observation about a Group, one unreadable line; returns each patient's expected "file:line"s.
     */
    private static Map<String, List<String>> shuffledExport(Path dir, int patients, Random random) throws IOException {
        Map<String, List<String>> byPatient = new TreeMap<>();
        Map<String, List<String>> lines = new TreeMap<>();
        for (String f : FILES) lines.put(f, new ArrayList<>());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < patients; i++) ids.add("p" + (char) ('a' + i % 26) + i);
        Collections.shuffle(ids, random);
        lines.get("Medication.000.ndjson").add("{\"resourceType\":\"Medication\",\"id\":\"m1\"}");
        for (String id : ids) lines.get("Patient.000.ndjson").add(patient(id, "female", "1960-01-01"));
        List<String[]> others = new ArrayList<>();
        for (String id : ids) {
            for (int k = 0; k < random.nextInt(4); k++) {
                others.add(new String[] {"Condition.000.ndjson", "{\"resourceType\":\"Condition\",\"id\":\"c-" + id + k
                        + "\",\"subject\":{\"reference\":\"Patient/" + id + "\"}}"});
            }
            for (int k = 0; k < random.nextInt(3); k++) {
                others.add(new String[] {"MedicationRequest.000.ndjson", "{\"resourceType\":\"MedicationRequest\",\"id\":\"m-"
                        + id + k + "\",\"status\":\"active\",\"intent\":\"order\",\"subject\":{\"reference\":"
                        + "\"https://example.org/fhir/Patient/" + id + "\"},\"medicationReference\":{\"reference\":\"Medication/m1\"}}"});
            }
            for (int k = 0; k < random.nextInt(3); k++) {
                others.add(new String[] {"Observation.000.ndjson", "{\"resourceType\":\"Observation\",\"id\":\"o-" + id + k
                        + "\",\"status\":\"final\",\"code\":{},\"subject\":{\"reference\":\"Patient/" + id + "/_history/1\"}}"});
            }
        }
        Collections.shuffle(others, random);
        for (String[] o : others) lines.get(o[0]).add(o[1]);
        List<String> observations = lines.get("Observation.000.ndjson");
        observations.add(Math.min(2, observations.size()), "{\"resourceType\":\"Observation\",\"subject\":{\"reference\":\"Group/g\"}}");
        observations.add(Math.min(4, observations.size()), "{\"resourceType\": Observation}");
        for (Map.Entry<String, List<String>> f : lines.entrySet()) {
            Files.write(dir.resolve(f.getKey()), f.getValue());
            for (int n = 0; n < f.getValue().size(); n++) {
                String text = f.getValue().get(n);
                for (String id : ids) {
                    if (text.contains("\"" + id + "\"") || text.contains("Patient/" + id + "\"") || text.contains("/" + id + "/")) {
                        byPatient.computeIfAbsent(id, k -> new ArrayList<>()).add(f.getKey() + ":" + (n + 1));
                    }
                }
            }
        }
        assertThat(observations.get(4)).as("the unreadable line is line 5").isEqualTo("{\"resourceType\": Observation}");
        return byPatient;
    }

    /** The library on the export's resources about this patient (and the Medication), in this JVM. */
    private static JsonNode libraryResult(Path export, String patientId, boolean withMedication) throws IOException {
        List<Resource> resources = new ArrayList<>();
        for (Path f : ndjson(export)) {
            for (String line : Files.readAllLines(f)) {
                if (line.contains("\"" + patientId + "\"") || line.contains("Patient/" + patientId + "\"")
                        || (withMedication && line.contains("\"Medication\""))) {
                    resources.add(FhirPatientMapper.parseResource(line));
                }
            }
        }
        LocalDate asOf = LocalDate.of(2026, 11, 26);
        try (FacialCds cds = FacialCds.withBundledRules()) {
            var mapping = new FhirPatientMapper().map(resources, patientId, asOf);
            return JSON.readTree(EvaluationJson.toJson(cds.evaluate(PatientReader.read(cds, mapping, asOf))));
        }
    }

    /**
     * An export with: a line that is not JSON, a Patient without an id, a Condition HAPI FHIR cannot read
     * (pat-two), a Condition about a Group, a MedicationRequest whose medication is a shared Medication
     * (pat-three: lorazepam), and an export log.
     */
    static Path brokenExport(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("Patient.000.ndjson"), String.join("\n",
                patient("pat-one", "female", "1950-03-02"),
                patient("pat-two", "male", "1960-01-01"),
                "this is not json",
                "{\"resourceType\":\"Patient\",\"gender\":\"male\"}",
                patient("pat-three", "female", "1970-05-05")) + "\n");
        Files.writeString(dir.resolve("Condition.000.ndjson"), String.join("\n",
                // pat-one: hemifacial spasm (SNOMED CT 4398000)
                "{\"resourceType\":\"Condition\",\"id\":\"c1\",\"subject\":{\"reference\":\"Patient/pat-one\"},"
                        + "\"clinicalStatus\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/condition-clinical\",\"code\":\"active\"}]},"
                        + "\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"4398000\"}]}}",
                // a contained resource without a resourceType: HAPI FHIR cannot read it
                "{\"resourceType\":\"Condition\",\"id\":\"c2\",\"subject\":{\"reference\":\"Patient/pat-two\"},\"contained\":[{\"id\":\"x\"}]}",
                "{\"resourceType\":\"Condition\",\"id\":\"c3\",\"subject\":{\"reference\":\"Group/g1\"}}") + "\n");
        Files.writeString(dir.resolve("MedicationRequest.000.ndjson"),
                "{\"resourceType\":\"MedicationRequest\",\"id\":\"m1\",\"status\":\"active\",\"intent\":\"order\","
                        + "\"subject\":{\"reference\":\"Patient/pat-three\"},\"medicationReference\":{\"reference\":\"Medication/lorazepam\"},"
                        + "\"authoredOn\":\"2026-01-10\"}\n");
        Files.writeString(dir.resolve("Medication.000.ndjson"),
                "{\"resourceType\":\"Medication\",\"id\":\"lorazepam\",\"code\":{\"coding\":[{\"system\":"
                        + "\"http://www.nlm.nih.gov/research/umls/rxnorm\",\"code\":\"6470\",\"display\":\"lorazepam\"}]}}\n");
        Files.writeString(dir.resolve("log.ndjson"), "{\"exportId\":\"x\",\"eventId\":\"kickoff\"}\n");
        return dir;
    }

    private static String patient(String id, String gender, String birthDate) {
        return "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"gender\":\"" + gender + "\",\"birthDate\":\"" + birthDate + "\"}";
    }

    private static List<String> codes(JsonNode record) {
        List<String> codes = new ArrayList<>();
        record.path("recommendations").forEach(r -> codes.add(r.path("code").asText()));
        return codes;
    }
}
