package org.facialcds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code evaluate} detects FHIR input; {@code facts} prints what a FHIR input maps to. */
class FhirCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void whenEvaluatingAFhirBundleAndItsPatientFacts_thenTheRecommendationsAreTheSame() throws Exception {
        CliHarness.Run fhir = CliHarness.run("evaluate", "--format", "json", "examples/fhir/v24-hfs-on-opioids.bundle.json");
        CliHarness.Run facts = CliHarness.run("evaluate", "--format", "json", "examples/fhir/v24-hfs-on-opioids.expected-facts.json");
        assertThat(fhir.code()).as(fhir.all()).isZero();
        assertThat(facts.code()).as(facts.all()).isZero();
        JsonNode a = JSON.readTree(fhir.out()).get("recommendations");
        JsonNode b = JSON.readTree(facts.out()).get("recommendations");
        assertThat(codes(a)).isEqualTo(codes(b)).contains("DX_HFS_PRIMARY|null", "AVOID_BENZODIAZEPINE|BOXED_WARNING");
    }

    @Test
    void whenAskingForTheFactsOfAFhirBundle_thenThePatientFactsJsonIsPrinted() throws Exception {
        CliHarness.Run run = CliHarness.run("facts", "examples/fhir/v24-hfs-on-opioids.bundle.json");
        assertThat(run.code()).as(run.all()).isZero();
        JsonNode facts = JSON.readTree(run.out());
        assertThat(facts.get("medications").get(0).get("code").get("code").asText()).isEqualTo("1049621");
        assertThat(facts.get("twitching").get("laterality").asText()).startsWith("UNILATERAL_");
    }

    @Test
    void whenTheInputIsDstu2Fhir_thenTheErrorIsOneLineWithItsCode(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("order.json");
        java.nio.file.Files.writeString(file, "{\"resourceType\": \"MedicationOrder\", \"id\": \"x\", \"status\": \"active\"}");
        CliHarness.Run run = CliHarness.run("facts", file.toString());
        assertThat(run.code()).as(run.all()).isEqualTo(Main.EXIT_INVALID);
        assertThat(run.err()).contains("FCDS-05").doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static java.util.List<String> codes(JsonNode recommendations) {
        java.util.List<String> codes = new java.util.ArrayList<>();
        recommendations.forEach(r -> codes.add(r.get("code").asText() + "|" + (r.has("reason") ? r.get("reason").asText() : null)));
        return codes;
    }
}
