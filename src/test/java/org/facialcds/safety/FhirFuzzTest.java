package org.facialcds.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.facialcds.FacialCds;
import org.facialcds.FacialCdsException;
import org.facialcds.fhir.FhirMapping;
import org.facialcds.fhir.FhirPatientMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the FHIR R4 input (FhirPatientMapper) with damaged and mutated example bundles and hostile
 * JSON. Each input must map to patient facts that read and evaluate, or end in one FacialCdsException
 * (FCDS-05xx from the mapper, FCDS-0101 from the reader), within seconds; never another exception type.
 */
class FhirFuzzTest {

    static final Duration LIMIT = Duration.ofSeconds(20);
    static final LocalDate AS_OF = LocalDate.of(2026, 11, 26);

    static FacialCds cds;
    static List<String> bundles;

    @BeforeAll
    static void setUp() throws IOException {
        cds = Safety.cds();
        try (Stream<Path> files = Files.list(Path.of("examples/fhir"))) {
            bundles = new ArrayList<>();
            for (Path p : files.filter(f -> f.toString().endsWith(".bundle.json")).sorted().toList()) {
                bundles.add(Files.readString(p));
            }
        }
    }

    static String outcome(String json) {
        return assertTimeoutPreemptively(LIMIT, () -> {
            try {
                FhirMapping mapping = new FhirPatientMapper().map(json, null, AS_OF);
                cds.evaluate(cds.read(mapping.patientFacts(), AS_OF));
                return "evaluated";
            } catch (FacialCdsException e) {
                assertThat(e.getMessage()).startsWith("FCDS-").doesNotContain("\tat ");
                return "rejected";
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                return fail("FHIR input of " + json.length() + " characters ended in " + e + "; input starts: "
                        + json.substring(0, Math.min(300, json.length())), e);
            }
        }, () -> "no answer within " + LIMIT);
    }

    @Test
    void whenHostileJson_thenMappedOrRejectedClearly() {
        List<String> inputs = List.of("", "null", "[]", "{}", "{\"resourceType\":\"Bundle\"}",
                "{\"resourceType\":\"Bundle\",\"entry\":{}}", "{\"resourceType\":\"Bundle\",\"entry\":[null,1,\"x\"]}",
                "{\"resourceType\":\"Patient\",\"birthDate\":\"2026-02-30\"}",
                "{\"resourceType\":\"Bundle\",\"resourceType\":\"Patient\"}",
                "{\"resourceType\":\"Bundle\",\"entry\":[" + "{\"resource\":".repeat(5000) + "{}" + "}".repeat(5000) + "]}",
                "[".repeat(100_000) + "]".repeat(100_000),
                "{\"resourceType\":\"Patient\",\"id\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}",
                "{\"resourceType\":\"Observation\",\"valueQuantity\":{\"value\":1e999999}}",
                "{\"resourceType\":\"Observation\",\"valueQuantity\":{\"value\":" + "9".repeat(5000) + "}}");
        for (String input : inputs) assertThat(outcome(input)).isIn("evaluated", "rejected");
    }

    /** Found by HooksFuzzTest: a questionnaire answer whose valueBoolean is not a boolean. */
    @Test
    void whenAnswerValueBooleanIsNotABoolean_thenMappedOrRejectedClearly() throws IOException {
        String bundle = Files.readString(Path.of("examples/fhir/v13-beb-normal-mri.bundle.json"));
        assertThat(bundle).contains("\"valueBoolean\": false");
        assertThat(outcome(bundle.replaceFirst("\"valueBoolean\": false", "\"valueBoolean\": \"maybe\"")))
                .isIn("evaluated", "rejected");
        assertThat(outcome(bundle.replaceFirst("\"valueBoolean\": false", "\"valueBoolean\": null")))
                .isIn("evaluated", "rejected");
    }

    @Test
    void whenBundlesAreDamaged_thenMappedOrRejectedClearly() throws IOException {
        Random r = new Random(Safety.fuzzSeed(8_008L));
        int n = Math.max(40, Safety.fuzzIterations(300) / 5);
        ObjectMapper json = new ObjectMapper();
        int evaluated = 0;
        java.util.Map<String, Integer> failures = new java.util.TreeMap<>();
        for (int i = 0; i < n; i++) {
            String bundle = bundles.get(r.nextInt(bundles.size()));
            String input;
            if (i % 2 == 0) {
                input = PatientJsonFuzzTest.damage(bundle, r);
            } else {
                JsonNode mutated = json.readTree(bundle);
                for (int k = 1 + r.nextInt(3); k > 0; k--) mutated = PatientJsonFuzzTest.mutate(mutated, r);
                input = mutated.toString();
            }
            try {
                if (outcome(input).equals("evaluated")) evaluated++;
            } catch (AssertionError e) {
                String first = e.getMessage() == null ? "?" : e.getMessage().lines().findFirst().orElse("?");
                failures.merge(first.replaceAll("FHIR input of \\d+ characters ", "").replaceAll(";.*", ""), 1,
                        Integer::sum);
            }
        }
        System.out.printf("FHIR fuzz: %d inputs, %d mapped and evaluated, %d rejected, failures %s%n", n, evaluated,
                n - evaluated - failures.values().stream().mapToInt(Integer::intValue).sum(), failures);
        assertThat(failures).as("inputs that ended in another exception type").isEmpty();
    }
}
