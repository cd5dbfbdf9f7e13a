package org.facialcds.examples.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.facialcds.Evaluation;
import org.facialcds.FacialCds;
import org.facialcds.cli.Main;
import org.facialcds.examples.spark.Reference.PatientResult;
import org.facialcds.examples.spark.Reference.Rec;
import org.facialcds.scenario.PatientGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job in local mode (local[2]) against the library on the same inputs, patient by patient: a generated
 * population against {@code facial-cds batch}, the shared FHIR bulk export against the library in this JVM.
 */
class ScreeningTest {

    /** A few thousand patients: every presentation of the generator many times over, in about a minute. */
    static final int POPULATION = 3000;
    static final long SEED = 20261126L;
    /** The export's own transaction date (log.ndjson), so the ages and "current" medications never move. */
    static final LocalDate EXPORT_AS_OF = LocalDate.of(2024, 8, 6);

    static SparkSession spark;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder().master("local[2]").appName("spark-screening tests")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) spark.stop();
    }

    @Test
    void whenAGeneratedPopulationIsScreened_thenEveryPatientIsAsBatchSays() throws IOException {
        Path input = tmp.resolve("population.ndjson");
        try (Writer w = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            new PatientGenerator(SEED).write(POPULATION, w);
            // one bad record never fails the job: not JSON, an impossible age, and a blank line
            w.write("{not json\n");
            w.write("{\"id\":\"bad-age\",\"asOf\":\"2026-11-26\",\"age\":190}\n");
            w.write("\n");
            w.write(new PatientGenerator(SEED + 1).json(0) + "\n");
        }
        Path out = tmp.resolve("population-out");

        Screening.Result result = Screening.run(spark, new Screening.Options(input.toString(), out.toString(),
                Screening.Format.AUTO, null, 4, false));

        Path batchOut = tmp.resolve("population-batch.ndjson");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
                "batch", "--input", input.toString(), "--output", batchOut.toString(), "--threads", "2");
        assertThat(code).as("facial-cds batch exit code (2: some lines invalid); stderr: %s", err).isEqualTo(2);
        List<PatientResult> batch = Reference.batchOutput(batchOut);

        assertThat(result.format()).isEqualTo(Screening.Format.FACTS);
        assertThat(result.patients()).isEqualTo(POPULATION + 1);
        assertThat(result.errors()).isEqualTo(2);
        assertThat(batch).hasSize(POPULATION + 3);

        // patients table in input order (file line numbers), errors by line
        List<Row> patients = spark.read().parquet(out.resolve("patients").toString()).orderBy("line").collectAsList();
        Map<String, List<Rec>> recommendations = Reference.sparkRecommendations(spark, out);
        Map<Long, Row> errors = new HashMap<>();
        for (Row e : spark.read().parquet(out.resolve("errors").toString()).collectAsList()) {
            errors.put(e.getAs("line"), e);
        }
        int evaluated = 0;
        for (PatientResult expected : batch) {
            if (expected.error() != null) {
                long line = Long.parseLong(expected.error().substring(0, expected.error().indexOf(':')));
                Row e = errors.get(line);
                assertThat(e).as("errors row for line %d", line).isNotNull();
                assertThat(line + ": " + e.getAs("reason")).isEqualTo(expected.error());
                continue;
            }
            Row p = patients.get(evaluated++);
            assertThat(p.<String>getAs("patient_id")).isEqualTo(expected.patientId());
            assertThat(recommendations.getOrDefault(expected.patientId(), List.of()))
                    .as("recommendations of %s", expected.patientId()).isEqualTo(expected.recommendations());
            assertThat(p.<Integer>getAs("recommendation_count")).isEqualTo(expected.recommendations().size());
        }
        assertThat(evaluated).isEqualTo(patients.size());
        assertThat(errors.get(POPULATION + 2L).<String>getAs("patient_id")).isEqualTo("bad-age");
        assertThat(errors.get(POPULATION + 1L).<String>getAs("patient_id")).isNull();

        // the summary counts each code once per patient
        Map<String, Long> perCode = new TreeMap<>();
        for (PatientResult r : batch) {
            r.recommendations().stream().map(Rec::code).distinct().forEach(c -> perCode.merge(c, 1L, Long::sum));
        }
        Map<String, Long> summary = new TreeMap<>();
        result.byCode().forEach(c -> summary.put(c.code(), c.patients()));
        assertThat(summary).isEqualTo(perCode);
        assertThat(Files.readAllLines(out.resolve("summary_by_code.csv")))
                .first().isEqualTo("code,kind,patients,recommendations,share_of_patients");
        assertThat(Files.readString(out.resolve("run-summary.txt"))).contains(Evaluation.DISCLAIMER);
    }

    @Test
    void whenTheSampleBulkExportIsScreened_thenEveryPatientIsAsTheLibrarySays() {
        Path export = Fixtures.sampleBulkExport();
        Path out = tmp.resolve("fhir-out");

        Screening.Result result = Screening.run(spark, new Screening.Options(export.toString(), out.toString(),
                Screening.Format.AUTO, EXPORT_AS_OF, 0, false));

        Map<String, PatientResult> expected;
        try (FacialCds cds = FacialCds.withBundledRules()) {
            expected = Reference.libraryOnWholeExport(cds, export, EXPORT_AS_OF);
        }
        assertThat(result.format()).isEqualTo(Screening.Format.FHIR);
        assertThat(result.errors()).isZero();
        assertThat(result.notes()).contains("skipped log.ndjson: its first line is not a FHIR resource (e.g. an export log)");
        List<String> screened = spark.read().parquet(out.resolve("patients").toString())
                .select("patient_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertThat(screened).containsExactlyInAnyOrderElementsOf(expected.keySet());
        Map<String, List<Rec>> recommendations = Reference.sparkRecommendations(spark, out);
        for (PatientResult p : expected.values()) {
            assertThat(recommendations.getOrDefault(p.patientId(), List.of()))
                    .as("recommendations of %s", p.patientId()).isEqualTo(p.recommendations());
        }
        assertThat(expected.values().stream().mapToInt(p -> p.recommendations().size()).sum())
                .isEqualTo((int) result.recommendations()).isPositive();
        compareWithBatch(export, recommendations);
    }

    /** {@code facial-cds batch} on the same export must give every patient the recommendations Spark gave. */
    private static void compareWithBatch(Path export, Map<String, List<Rec>> spark) {
        Path batchOut = tmp.resolve("fhir-batch.ndjson");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
                "batch", "--input", export.toString(), "--output", batchOut.toString(), "--as-of", EXPORT_AS_OF.toString());
        assertThat(code).as("facial-cds batch on the export; stderr: %s", err).isZero();
        Map<String, List<Rec>> batch = new LinkedHashMap<>();
        for (PatientResult r : Reference.batchOutput(batchOut)) {
            if (!r.recommendations().isEmpty()) batch.put(r.patientId(), r.recommendations());
        }
        assertThat(spark).isEqualTo(batch);
    }

    @Test
    void whenAnExportHasBrokenRecords_thenTheyAreErrorRowsAndTheOtherPatientsAreScreened() throws IOException {
        Path export = Files.createDirectories(tmp.resolve("broken-export"));
        Files.writeString(export.resolve("Patient.000.ndjson"), String.join("\n",
                patient("p1", "female", "1950-03-02"),
                patient("p2", "male", "1960-01-01"),
                "this is not json",
                "{\"resourceType\":\"Patient\",\"gender\":\"male\"}",
                patient("p3", "female", "1970-05-05")) + "\n");
        Files.writeString(export.resolve("Condition.000.ndjson"), String.join("\n",
                // p1: hemifacial spasm (SNOMED CT 4398000)
                "{\"resourceType\":\"Condition\",\"id\":\"c1\",\"subject\":{\"reference\":\"Patient/p1\"},"
                        + "\"clinicalStatus\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/condition-clinical\",\"code\":\"active\"}]},"
                        + "\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"4398000\"}]}}",
                // p2: a resource HAPI FHIR cannot read: p2 is not screened at all
                "{\"resourceType\":\"Condition\",\"id\":\"c2\",\"subject\":{\"reference\":\"Patient/p2\"},\"contained\":[{\"id\":\"x\"}]}",
                // about no patient: left out
                "{\"resourceType\":\"Condition\",\"id\":\"c3\",\"subject\":{\"reference\":\"Group/g1\"}}") + "\n");
        Files.writeString(export.resolve("MedicationRequest.000.ndjson"),
                "{\"resourceType\":\"MedicationRequest\",\"id\":\"m1\",\"status\":\"active\",\"intent\":\"order\","
                        + "\"subject\":{\"reference\":\"Patient/p3\"},\"medicationReference\":{\"reference\":\"Medication/lorazepam\"},"
                        + "\"authoredOn\":\"2026-01-10\"}\n");
        Files.writeString(export.resolve("Medication.000.ndjson"),
                "{\"resourceType\":\"Medication\",\"id\":\"lorazepam\",\"code\":{\"coding\":[{\"system\":"
                        + "\"http://www.nlm.nih.gov/research/umls/rxnorm\",\"code\":\"6470\",\"display\":\"lorazepam\"}]}}\n");
        Files.writeString(export.resolve("log.ndjson"), "{\"exportId\":\"x\",\"eventId\":\"kickoff\"}\n");
        Path out = tmp.resolve("broken-out");
        LocalDate asOf = LocalDate.of(2026, 11, 26);

        Screening.Result result = Screening.run(spark, new Screening.Options(export.toString(), out.toString(),
                Screening.Format.AUTO, asOf, 0, false));

        Map<String, String> errors = new TreeMap<>();
        for (Row e : spark.read().parquet(out.resolve("errors").toString()).collectAsList()) {
            errors.put(e.getAs("patient_id") + " " + e.getAs("file") + ":" + e.getAs("line"), e.getAs("reason"));
        }
        assertThat(errors).containsOnlyKeys("null Patient.000.ndjson:3", "null Patient.000.ndjson:4",
                "p2 Condition.000.ndjson:2");
        assertThat(errors.get("null Patient.000.ndjson:3")).startsWith("FCDS-0501: not FHIR JSON");
        assertThat(errors.get("null Patient.000.ndjson:4")).startsWith("FCDS-0504: a Patient without an id");
        assertThat(errors.get("p2 Condition.000.ndjson:2")).startsWith("FCDS-0503: a Condition that HAPI FHIR cannot read as R4");
        assertThat(result.patients()).isEqualTo(2);
        assertThat(result.notes()).contains("1 shared resources (Medication) broadcast to the executors",
                "1 FHIR resources about no patient (Practitioner, Organization, ...) left out");

        // the same as the library on the same resources, Medication joined through the broadcast
        Map<String, PatientResult> expected;
        Path readable = Files.createDirectories(tmp.resolve("broken-export-readable"));
        Files.writeString(readable.resolve("Patient.000.ndjson"), patient("p1", "female", "1950-03-02") + "\n"
                + patient("p3", "female", "1970-05-05") + "\n");
        Files.copy(export.resolve("MedicationRequest.000.ndjson"), readable.resolve("MedicationRequest.000.ndjson"));
        Files.copy(export.resolve("Medication.000.ndjson"), readable.resolve("Medication.000.ndjson"));
        Files.writeString(readable.resolve("Condition.000.ndjson"), Files.readAllLines(export.resolve("Condition.000.ndjson")).get(0) + "\n");
        try (FacialCds cds = FacialCds.withBundledRules()) {
            expected = Reference.libraryOnWholeExport(cds, readable, asOf);
        }
        Map<String, List<Rec>> recommendations = Reference.sparkRecommendations(spark, out);
        assertThat(recommendations.keySet()).containsExactlyInAnyOrder("p1", "p3");
        for (PatientResult p : expected.values()) {
            assertThat(recommendations.get(p.patientId())).as("recommendations of %s", p.patientId())
                    .isEqualTo(p.recommendations());
        }
        // the broadcast Medication reached p3's mapping: its medicationReference is not dangling
        Row p3 = spark.read().parquet(out.resolve("patients").toString()).where("patient_id = 'p3'").first();
        assertThat(p3.<String>getList(p3.fieldIndex("warnings"))).noneMatch(w -> w.contains("dangling"));
    }

    @Test
    void whenScreened_thenOneEngineServedEveryPartitionOfThisJvm() throws IOException {
        Path input = tmp.resolve("small.ndjson");
        try (Writer w = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            new PatientGenerator(3).write(200, w);
        }
        Screening.run(spark, new Screening.Options(input.toString(), tmp.resolve("small-out").toString(),
                Screening.Format.FACTS, null, 8, false));

        assertThat(Engines.built()).isEqualTo(1);
    }

    private static String patient(String id, String gender, String birthDate) {
        return "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"gender\":\"" + gender + "\",\"birthDate\":\""
                + birthDate + "\"}";
    }
}
