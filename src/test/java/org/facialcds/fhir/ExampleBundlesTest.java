package org.facialcds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.facialcds.Evaluation;
import org.facialcds.FacialCds;
import org.facialcds.Recommendation;
import org.facialcds.facts.PatientFacts;
import org.facialcds.scenario.Scenario;
import org.facialcds.scenario.ScenarioLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The example bundles in {@code examples/fhir/}: each maps to its {@code .expected-facts.json}, and the rules
 * give the same recommendations for both, and for the vignette scenario the bundle was written from.
 */
class ExampleBundlesTest {

    static final Path EXAMPLES = Path.of("examples", "fhir");
    static final LocalDate AS_OF = LocalDate.of(2026, 11, 26);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static FacialCds cds;

    /** An example: its name, whether the clinician stated the medication list complete, its vignette scenario. */
    record Example(String name, boolean medicationListComplete, String scenario) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Example> examples() {
        return Stream.of(
                new Example("v13-beb-normal-mri", true, "v13-beb-normal-mri.yaml"),
                new Example("v04-hfs-imaging-not-done", true, "v04-hfs-imaging-not-done.yaml"),
                new Example("v24-hfs-on-opioids", false, "v24-hfs-on-opioids.yaml"),
                new Example("v25-hfs-pregnancy", true, "v25-hfs-pregnancy.yaml"));
    }

    @BeforeAll
    static void setUp() {
        cds = FacialCds.withBundledRules();
    }

    @AfterAll
    static void tearDown() {
        cds.close();
    }

    static FhirMapping map(Example example) throws IOException {
        String bundle = Files.readString(EXAMPLES.resolve(example.name() + ".bundle.json"));
        return new FhirPatientMapper().map(bundle, null, AS_OF, example.medicationListComplete());
    }

    static JsonNode expected(Example example) throws IOException {
        return JSON.readTree(EXAMPLES.resolve(example.name() + ".expected-facts.json").toFile());
    }

    /** What a clinician sees of each recommendation: code, reason, urgency, field, in order. */
    static List<String> signature(Evaluation evaluation) {
        List<String> out = new ArrayList<>();
        for (Recommendation r : evaluation.recommendations()) {
            out.add(r.code() + "|" + r.reason() + "|" + r.urgency() + "|" + r.field());
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("examples")
    void whenExampleBundleIsMapped_thenFactsEqualTheExpectedJson(Example example) throws IOException {
        FhirMapping mapping = map(example);

        assertThat(mapping.patientFacts()).isEqualTo(expected(example));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void whenExampleBundleIsEvaluated_thenRecommendationsEqualThoseOfTheExpectedJson(Example example)
            throws IOException {
        PatientFacts fromBundle = cds.read(map(example).patientFacts(), null);
        PatientFacts fromJson = cds.read(expected(example), null);

        Evaluation a = cds.evaluate(fromBundle);
        Evaluation b = cds.evaluate(fromJson);

        assertThat(signature(a)).isNotEmpty().isEqualTo(signature(b));
        assertThat(a.firedRules()).isEqualTo(b.firedRules());
    }

    @ParameterizedTest
    @MethodSource("examples")
    void whenExampleBundleIsEvaluated_thenRecommendationsEqualThoseOfItsVignetteScenario(Example example)
            throws IOException {
        Path file = Path.of("rules", "scenarios", "vignettes", example.scenario());
        Scenario scenario = ScenarioLoader.loadFile(file).get(0);

        Evaluation fromBundle = cds.evaluate(cds.read(map(example).patientFacts(), null));
        Evaluation fromScenario = cds.evaluate(cds.read(scenario.patient(), null));

        assertThat(signature(fromBundle)).isEqualTo(signature(fromScenario));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void whenExampleBundleIsMapped_thenWarningsNameWhatTheMappingAssumed(Example example) throws IOException {
        FhirMapping mapping = map(example);

        assertThat(mapping.warnings()).noneMatch(w -> w.startsWith("FHIR parser"));
        if (!example.name().equals("v25-hfs-pregnancy")) {
            assertThat(mapping.warnings()).anyMatch(w -> w.startsWith("problem list has "));
        }
    }

    @Test
    void whenQuestionnaireIsRead_thenItsItemsAreExactlyTheMappedFieldsWithOurCodes() throws IOException {
        JsonNode q = JSON.readTree(EXAMPLES.resolve("facial-twitching-assessment.questionnaire.json").toFile());
        assertThat(q.path("resourceType").asText()).isEqualTo("Questionnaire");
        assertThat(q.path("url").asText()).isEqualTo(FhirCodes.QUESTIONNAIRE_URL);
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode group : q.path("item")) {
            assertThat(Assessment.GROUPS).contains(group.path("linkId").asText());
            assertThat(group.path("type").asText()).isEqualTo("group");
            for (JsonNode item : group.path("item")) {
                String linkId = item.path("linkId").asText();
                seen.add(linkId);
                Assessment.Item expected = Assessment.ITEMS.get(linkId);
                assertThat(expected).as(linkId).isNotNull();
                String type = switch (expected.answer()) {
                    case CHOICE -> "choice";
                    case BOOLEAN -> "boolean";
                    case DATE -> "date";
                    case INTEGER -> "integer";
                    case DECIMAL -> "decimal";
                };
                assertThat(item.path("type").asText()).as(linkId).isEqualTo(type);
                assertThat(item.path("repeats").asBoolean(false)).as(linkId).isEqualTo(expected.repeats());
                List<String> codes = new ArrayList<>();
                for (JsonNode option : item.path("answerOption")) {
                    assertThat(option.path("valueCoding").path("system").asText()).isEqualTo(FhirCodes.ANSWER_SYSTEM);
                    codes.add(option.path("valueCoding").path("code").asText());
                }
                assertThat(codes).as(linkId).isEqualTo(expected.codes());
            }
        }
        assertThat(seen).isEqualTo(Assessment.ITEMS.keySet());
        org.hl7.fhir.r4.model.Resource parsed = FhirPatientMapper.parseResource(q.toString());
        assertThat(parsed).isInstanceOfSatisfying(org.hl7.fhir.r4.model.Questionnaire.class,
                r -> assertThat(r.getItem()).hasSize(Assessment.GROUPS.size()));
    }

    @Test
    void whenMappedFieldsAreComparedWithPatientFacts_thenEveryTwitchingAndExamFieldHasAnItem() throws IOException {
        // every field of $.twitching and $.exam in patient-facts.md is asked (PatientJson's lists)
        List<String> twitching = Arrays.asList("laterality", "regions", "firstRegion", "movement", "onsetDate",
                "durationDays", "onsetAbrupt", "progressive", "continuous", "persistsInSleep", "spreadSinceOnset",
                "sensoryTrick", "increasedBlinking", "photophobia", "canSuppress", "premonitoryUrge", "browLiftSign",
                "triggeredByVoluntaryMovement", "impairedAwareness", "spreadsToLimb", "distractible", "triggers",
                "painful");
        List<String> exam = Arrays.asList("neuroExam", "facialWeakness", "eyeClosureIncomplete", "ptosis",
                "ptosisFatigable", "diplopia", "hearingLoss", "tinnitus", "vertigo", "facialNumbness", "dysarthria",
                "dysphagia", "dyspnea", "limbWeakness", "limbSensoryLoss", "areflexia", "ataxia", "parkinsonism");
        twitching.forEach(f -> assertThat(Assessment.ITEMS).containsKey("twitching." + f));
        exam.forEach(f -> assertThat(Assessment.ITEMS).containsKey("exam." + f));
        // and a response answering every item is accepted by the validator
        String md = Files.readString(Path.of("..", "shared", "spec", "patient-facts.md"));
        twitching.forEach(f -> assertThat(md).contains("`" + f + "`"));
    }
}
