package org.facialcds.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.facialcds.FacialCds;
import org.facialcds.facts.DrugClass;
import org.facialcds.facts.Medication;
import org.facialcds.facts.PatientFacts;
import org.facialcds.terminology.Terminology;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every FHIR fixture in {@code ../shared/fixtures/fhir} maps, and the facts are valid patient facts; the
 * Synthea bundles map to what the bundle JSON itself says (expectations computed here with plain Jackson).
 */
class FixtureMappingTest {

    static final Path FHIR = Paths.get("..", "shared", "fixtures", "fhir");
    static final Path HOOKS = Paths.get("..", "shared", "fixtures", "cdshooks");
    static final LocalDate AS_OF = LocalDate.of(2026, 11, 26);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PREGNANCY_SNOMED = Set.of("77386006", "72892002", "47200007");
    private static FacialCds cds;
    /** source folder → warning kind (numbers and details dropped) → how often; and how many mappings. */
    private static final Map<String, Map<String, Integer>> WARNINGS = new TreeMap<>();
    private static final Map<String, Integer> MAPPED = new TreeMap<>();

    @BeforeAll
    static void setUp() {
        cds = FacialCds.withBundledRules();
    }

    @AfterAll
    static void tearDown() {
        cds.close();
        MAPPED.forEach((source, n) -> {
            System.out.println("[fhir] " + source + ": " + n + " patients mapped to valid facts; warnings by kind:");
            WARNINGS.get(source).forEach((kind, k) -> System.out.println("[fhir]   " + k + " × " + kind));
        });
    }

    static Stream<Path> jsonFixtures() throws IOException {
        try (Stream<Path> files = Files.walk(FHIR)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    static Stream<Path> syntheaBundles() throws IOException {
        return jsonFixtures().filter(p -> p.toString().contains("synthea"));
    }

    private static void tally(String source, FhirMapping mapping) {
        MAPPED.merge(source, 1, Integer::sum);
        Map<String, Integer> warnings = WARNINGS.computeIfAbsent(source, k -> new TreeMap<>());
        for (String w : mapping.warnings()) {
            String kind = w.replaceAll("\\d{4}-\\d{2}-\\d{2}", "DATE").replaceAll(": \\d+$", "").replaceAll("\\d+", "N")
                    .replaceAll("\\(.*?\\)", "(…)");
            if (kind.startsWith("not used by the rules")) {
                kind = "not used by the rules: …";
            }
            warnings.merge(kind, 1, Integer::sum);
        }
    }

    /** Maps and validates: the facts must be valid patient-facts input. */
    private static PatientFacts mapAndRead(String source, FhirMapping mapping) {
        tally(source, mapping);
        return cds.read(mapping.patientFacts(), null);
    }

    @ParameterizedTest
    @MethodSource("jsonFixtures")
    void whenFixtureFileIsMapped_thenFactsAreValidPatientFacts(Path file) throws IOException {
        String json = Files.readString(file);
        assertThat(FhirPatientMapper.looksLikeFhir(json)).isTrue();

        FhirMapping mapping = new FhirPatientMapper().map(json, null, AS_OF);

        assertThatCode(() -> mapAndRead("fixtures/fhir", mapping)).doesNotThrowAnyException();
        assertThat(mapping.patientFacts().path("asOf").asText()).isEqualTo("2026-11-26");
    }

    @ParameterizedTest
    @MethodSource("syntheaBundles")
    void whenSyntheaBundleIsMapped_thenAgeSexMedicationsAndConditionsMatchTheBundle(Path file) throws IOException {
        JsonNode bundle = JSON.readTree(file.toFile());
        JsonNode patient = null;
        int medicationRequests = 0;
        int current = 0;
        Set<DrugClass> currentClasses = EnumSet.noneOf(DrugClass.class);
        Set<String> activeConditions = new HashSet<>();
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode r = entry.path("resource");
            switch (r.path("resourceType").asText()) {
                case "Patient" -> patient = r;
                case "MedicationRequest" -> {
                    String status = r.path("status").asText();
                    if (Set.of("active", "completed", "stopped", "on-hold").contains(status)
                            && !LocalDate.parse(r.path("authoredOn").asText().substring(0, 10)).isAfter(AS_OF)) {
                        medicationRequests++;
                        if (status.equals("active") || status.equals("on-hold")) {
                            current++;
                            JsonNode coding = r.path("medicationCodeableConcept").path("coding").get(0);
                            currentClasses.addAll(Terminology.bundled().drugClasses(coding.path("system").asText(),
                                    coding.path("code").asText(), coding.path("display").asText()));
                        }
                    }
                }
                case "Condition" -> {
                    String clinical = r.path("clinicalStatus").path("coding").path(0).path("code").asText();
                    String verification = r.path("verificationStatus").path("coding").path(0).path("code").asText();
                    JsonNode coding = r.path("code").path("coding").get(0);
                    if (Set.of("active", "recurrence", "relapse").contains(clinical)
                            && !Set.of("refuted", "entered-in-error").contains(verification)
                            && !PREGNANCY_SNOMED.contains(coding.path("code").asText())) {
                        activeConditions.add(coding.path("system").asText() + "|" + coding.path("code").asText());
                    }
                }
                default -> {
                }
            }
        }
        assertThat(patient).isNotNull();

        FhirMapping mapping = new FhirPatientMapper().map(Files.readString(file), null, AS_OF);
        PatientFacts facts = cds.read(mapping.patientFacts(), null);

        int age = Period.between(LocalDate.parse(patient.path("birthDate").asText()), AS_OF).getYears();
        assertThat(facts.patient().age()).isEqualTo(age);
        assertThat(facts.patient().sex().name()).isEqualTo(patient.path("gender").asText().toUpperCase());
        assertThat(facts.patient().id()).isEqualTo(patient.path("id").asText());
        assertThat(facts.medications()).hasSize(medicationRequests);
        List<Medication> taking = facts.medications().stream().filter(Medication::current).toList();
        assertThat(taking).hasSize(current);
        Set<DrugClass> mappedClasses = EnumSet.noneOf(DrugClass.class);
        taking.forEach(m -> mappedClasses.addAll(m.classes()));
        assertThat(mappedClasses).isEqualTo(currentClasses);
        Set<String> conditions = new HashSet<>();
        mapping.patientFacts().path("conditions")
                .forEach(c -> conditions.add(c.path("system").asText() + "|" + c.path("code").asText()));
        assertThat(conditions).isEqualTo(activeConditions);
        assertThat(facts.patient().conditionsDocumented()).isTrue();
        assertThat(facts.patient().medicationsDocumented()).isTrue();
    }

    @Test
    void whenSyntheaBundlesAreMapped_thenTheDrugClassesNamedInTheFixtureNotesAreFound() throws IOException {
        Map<String, Set<DrugClass>> expected = new LinkedHashMap<>();
        expected.put("Alberto_Atencio", EnumSet.of(DrugClass.BENZODIAZEPINE));   // Clonazepam [Klonopin], brand level
        expected.put("Delbert_Williamson", EnumSet.of(DrugClass.BENZODIAZEPINE)); // Diazepam [Valium]
        expected.put("Chet_Thompson", EnumSet.of(DrugClass.OPIOID));             // APAP / oxycodone
        expected.put("Laurie_McCullough", EnumSet.noneOf(DrugClass.class));
        expected.put("Oralia_Stark", EnumSet.noneOf(DrugClass.class));           // her benzodiazepines are stopped
        for (Path file : syntheaBundles().toList()) {
            String name = expected.keySet().stream().filter(n -> file.getFileName().toString().startsWith(n))
                    .findFirst().orElseThrow();
            PatientFacts facts = cds.read(new FhirPatientMapper().map(Files.readString(file), null, AS_OF)
                    .patientFacts(), null);
            Set<DrugClass> current = EnumSet.noneOf(DrugClass.class);
            facts.medications().stream().filter(Medication::current).forEach(m -> current.addAll(m.classes()));
            assertThat(current).as(name).isEqualTo(expected.get(name));
        }
    }

    @Test
    void whenLaurieMcCulloughIsMapped_thenHerResolvedPregnancyAndOldEgfrAreNotCurrentFacts() throws IOException {
        Path file = syntheaBundles().filter(p -> p.toString().contains("Laurie")).findFirst().orElseThrow();

        FhirMapping mapping = new FhirPatientMapper().map(Files.readString(file), null, AS_OF);

        assertThat(mapping.patientFacts().has("pregnant")).isFalse();     // 72892002 resolved in 2019
        assertThat(mapping.patientFacts().has("labs")).isFalse();         // eGFR from 2018
        assertThat(mapping.warnings()).anyMatch(w -> w.startsWith("the latest eGFR is dated 2018-09-08"));
        FhirMapping sameDay = new FhirPatientMapper().map(Files.readString(file), null, LocalDate.of(2018, 9, 8));
        assertThat(sameDay.patientFacts().path("labs").path("egfr").asDouble()).isBetween(78.0, 79.0);
        assertThat(sameDay.warnings()).anyMatch(w -> w.startsWith("resources dated after asOf 2018-09-08, left out: "));
    }

    @Test
    void whenBulkExportIsGroupedByPatient_thenEveryPatientMapsToValidFacts() throws IOException {
        Path folder = FHIR.resolve("sample-bulk-10-patients");
        Map<String, List<IBaseResource>> byPatient = new TreeMap<>();
        int lines = 0;
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.toString().endsWith(".ndjson")).sorted().toList();
        }
        for (Path file : files) {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank() || !FhirPatientMapper.looksLikeFhir(line)) {
                    continue; // log.ndjson holds export events, not resources
                }
                lines++;
                Resource resource = FhirPatientMapper.parseResource(line);
                String key = resource instanceof Patient p ? "Patient/" + p.getIdElement().getIdPart()
                        : patientReference(resource);
                byPatient.computeIfAbsent(key, k -> new ArrayList<>()).add(resource);
            }
        }
        assertThat(lines).isGreaterThan(2000);
        assertThat(byPatient).doesNotContainKey(null).hasSize(13);

        int withMedications = 0;
        for (Map.Entry<String, List<IBaseResource>> e : byPatient.entrySet()) {
            FhirMapping mapping = new FhirPatientMapper().map(e.getValue(), null, AS_OF);
            PatientFacts facts = mapAndRead("fixtures/fhir (bulk NDJSON)", mapping);
            assertThat(facts.patient().id()).isEqualTo(e.getKey().substring("Patient/".length()));
            assertThat(facts.patient().sex()).isNotNull();
            long requests = e.getValue().stream().filter(r -> r.fhirType().equals("MedicationRequest")).count();
            if (requests > 0) {
                withMedications++;
                assertThat(facts.medications()).hasSize((int) requests);
            }
        }
        assertThat(withMedications).isGreaterThan(5);
    }

    @Test
    void whenWholeBulkExportIsMappedWithoutPatientId_thenTheErrorAsksWhichPatient() throws IOException {
        List<IBaseResource> all = new ArrayList<>();
        for (String line : Files.readAllLines(FHIR.resolve("sample-bulk-10-patients").resolve("Patient.000.ndjson"))) {
            all.add(FhirPatientMapper.parseResource(line));
        }

        Throwable error = catchThrowable(() -> new FhirPatientMapper().map(all, null, AS_OF));

        assertThat(error).isInstanceOf(FhirMappingException.class)
                .hasMessageStartingWith("FCDS-0504: the input holds 13 Patient resources and no patient id was given");
        FhirMapping one = new FhirPatientMapper().map(all, "cbc86e51-9eca-3855-76ec-c058f72c5761", AS_OF);
        assertThat(one.patientFacts().path("sex").asText()).isEqualTo("MALE");
        assertThat(one.patientFacts().path("age").asInt()).isEqualTo(30);
    }

    private static String patientReference(Resource resource) {
        for (String name : List.of("subject", "patient")) {
            var child = FhirPatientMapper.fhirContext().getResourceDefinition(resource).getChildByName(name);
            if (child != null && !child.getAccessor().getValues(resource).isEmpty()
                    && child.getAccessor().getValues(resource).get(0) instanceof Reference ref) {
                return ref.getReference();
            }
        }
        return null;
    }

    @Test
    void whenCdsHooksFixturesAreMapped_thenEachGivesFactsOrAClearError() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(HOOKS)) {
            files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        Map<String, List<String>> outcome = new TreeMap<>();
        for (Path file : files) {
            String json = Files.readString(file);
            String result;
            try {
                FhirMapping mapping = new FhirPatientMapper().map(json, null, AS_OF);
                mapAndRead("fixtures/cdshooks", mapping);
                result = "mapped";
            } catch (FhirMappingException e) {
                result = e.code();
            }
            outcome.computeIfAbsent(result, k -> new ArrayList<>()).add(HOOKS.relativize(file).toString());
        }
        System.out.println("[fhir] CDS Hooks fixtures: " + outcome.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue().size()).collect(Collectors.joining(", ")));
        assertThat(outcome.get("mapped")).contains("fixtures/prefetch-data.json", "fixtures/patient-view-request.json",
                "fixtures/order-select-request-imaging-ct-head.json", "hooks-library-hl7/order-select-01-example-r4.json");
        assertThat(outcome.get(FhirMappingException.NOT_R4)).containsExactlyInAnyOrder(
                "fixtures/order-sign-context-r4.json", // the curated copy of order-sign-01-example-r4.json
                "hooks-library-hl7/medication-prescribe-01-example-stu3.json",
                "hooks-library-hl7/medication-prescribe-02-example-dstu2.json",
                "hooks-library-hl7/order-select-02-example-stu3.json",
                "hooks-library-hl7/order-select-03-example-dstu2.json",
                // labelled R4 in the hook library, but its MedicationRequest uses STU3's dosage.doseQuantity
                "hooks-library-hl7/order-sign-01-example-r4.json");
        assertThat(outcome.keySet()).allMatch(k -> k.equals("mapped") || k.startsWith("FCDS-05"));
    }

    @Test
    void whenCtHeadIsOrderedInAnOrderSelectHook_thenImagingIsOrdered() throws IOException {
        String json = Files.readString(HOOKS.resolve("fixtures").resolve("order-select-request-imaging-ct-head.json"));

        FhirMapping mapping = new FhirPatientMapper().map(json, null, AS_OF);

        assertThat(mapping.patientFacts().path("imaging").toString())
                .isEqualTo("[{\"modality\":\"CT\",\"status\":\"ORDERED\",\"contrast\":false}]");
    }
}
