package org.facialcds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.List;
import org.facialcds.facts.Code;
import org.facialcds.facts.Kind;
import org.facialcds.facts.Reason;
import org.facialcds.facts.Urgency;
import org.junit.jupiter.api.Test;

class EvaluationJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final KnowledgeBaseInfo KB = new KnowledgeBaseInfo("facial-twitching", "1.0.0", "ab12", 48);

    private static Recommendation toxin() {
        return new Recommendation(Code.TX_BOTULINUM_TOXIN, Kind.TREATMENT, "Botulinum toxin injections", "Lasts 3 months",
                new Evidence("B", "AAN", List.of("AAN 2016 botulinum neurotoxin guideline update")), null, null, null,
                List.of("Check swallowing first"),
                List.of(new Because("TX-BONT-01", "rules/treatment.drl", List.of("$.age = 63"),
                        List.of("DX_BENIGN_ESSENTIAL_BLEPHAROSPASM"), null)));
    }

    private static Recommendation veto() {
        return new Recommendation(Code.AVOID_BENZODIAZEPINE, Kind.AVOID, "Avoid benzodiazepines", null, null, null,
                Reason.BEERS, null, List.of(), List.of());
    }

    private static Evaluation evaluation(List<Recommendation> recommendations, List<String> warnings) {
        return new Evaluation("example-beb", LocalDate.of(2026, 11, 26), KB, "0.1.0", recommendations, warnings,
                List.of("TX-BONT-01"));
    }

    private static List<String> names(JsonNode node) {
        return node.properties().stream().map(java.util.Map.Entry::getKey).toList();
    }

    @Test
    void whenWritten_thenTopLevelHasTheContractShapeInOrder() throws Exception {
        JsonNode json = MAPPER.readTree(EvaluationJson.toJson(evaluation(List.of(toxin()), List.of("a warning"))));

        assertThat(names(json)).containsExactly("patientId", "asOf", "knowledgeBase", "engine", "recommendations",
                "warnings", "disclaimer");
        assertThat(json.get("patientId").asText()).isEqualTo("example-beb");
        assertThat(json.get("asOf").isTextual()).isTrue();
        assertThat(json.get("asOf").asText()).isEqualTo("2026-11-26");
        assertThat(names(json.get("knowledgeBase"))).containsExactly("name", "version", "sha256");
        assertThat(json.get("knowledgeBase").get("sha256").asText()).isEqualTo("ab12");
        assertThat(json.get("engine").get("version").asText()).isEqualTo("0.1.0");
        assertThat(json.get("warnings").get(0).asText()).isEqualTo("a warning");
        assertThat(json.get("disclaimer").asText()).isEqualTo(Evaluation.DISCLAIMER);
    }

    @Test
    void whenRecommendationIsFull_thenEveryFieldIsWritten() throws Exception {
        JsonNode r = MAPPER.readTree(EvaluationJson.toJson(evaluation(List.of(toxin()), List.of())))
                .get("recommendations").get(0);

        assertThat(names(r)).containsExactly("code", "kind", "title", "detail", "evidence", "cautions", "because");
        assertThat(r.get("code").asText()).isEqualTo("TX_BOTULINUM_TOXIN");
        assertThat(r.get("kind").asText()).isEqualTo("TREATMENT");
        assertThat(r.get("evidence").get("level").asText()).isEqualTo("B");
        assertThat(r.get("evidence").get("scheme").asText()).isEqualTo("AAN");
        assertThat(r.get("evidence").get("sources").get(0).asText()).startsWith("AAN 2016");
        assertThat(r.get("cautions").get(0).asText()).isEqualTo("Check swallowing first");
        JsonNode because = r.get("because").get(0);
        assertThat(names(because)).containsExactly("rule", "file", "facts", "from");
        assertThat(because.get("rule").asText()).isEqualTo("TX-BONT-01");
        assertThat(because.get("from").get(0).asText()).isEqualTo("DX_BENIGN_ESSENTIAL_BLEPHAROSPASM");
    }

    @Test
    void whenFieldsAreNullOrEmpty_thenTheyAreLeftOut() throws Exception {
        JsonNode json = MAPPER.readTree(EvaluationJson.toJson(evaluation(List.of(veto()), List.of())));

        assertThat(json.has("warnings")).isFalse();
        JsonNode r = json.get("recommendations").get(0);
        assertThat(names(r)).containsExactly("code", "kind", "title", "reason");
        assertThat(r.get("reason").asText()).isEqualTo("BEERS");
        assertThat(json.toString()).doesNotContain("null").doesNotContain("[]").doesNotContain("{}");
    }

    @Test
    void whenNothingIsRecommended_thenRecommendationsAndPatientIdAreLeftOut() throws Exception {
        Evaluation bare = new Evaluation(null, LocalDate.of(2026, 11, 26), KB, "0.1.0", List.of(), List.of(),
                List.of());
        JsonNode json = MAPPER.readTree(EvaluationJson.toJson(bare));

        assertThat(names(json)).containsExactly("asOf", "knowledgeBase", "engine", "disclaimer");
    }

    @Test
    void whenAlertHasUrgencyAndDataNeededHasField_thenBothAreWritten() throws Exception {
        Recommendation alert = new Recommendation(Code.ALERT_SUSPECTED_GBS, Kind.ALERT, "GBS", null, null,
                Urgency.EMERGENCY, null, null, List.of(), List.of());
        Recommendation data = new Recommendation(Code.DATA_NEEDED, Kind.DATA_NEEDED, "Data needed", null,
                new Evidence(null, null, List.of()), null, null, "$.imaging", List.of(), List.of());
        JsonNode recs = MAPPER.readTree(EvaluationJson.toJson(evaluation(List.of(alert, data), List.of())))
                .get("recommendations");

        assertThat(recs.get(0).get("urgency").asText()).isEqualTo("EMERGENCY");
        assertThat(recs.get(1).get("field").asText()).isEqualTo("$.imaging");
        assertThat(recs.get(1).has("evidence")).as("an evidence with nothing in it is left out").isFalse();
    }

    @Test
    void whenCompact_thenOneLine_andFiredRulesAreNotWritten() {
        String json = EvaluationJson.toJson(evaluation(List.of(toxin(), veto()), List.of("line\nbreak")));

        assertThat(json).doesNotContain("\n").doesNotContain("firedRules").doesNotContain("ruleCount");
    }

    @Test
    void whenPretty_thenSameContentOnSeveralLines() throws Exception {
        Evaluation e = evaluation(List.of(toxin(), veto()), List.of("w"));
        String pretty = EvaluationJson.toPrettyJson(e);

        assertThat(pretty.lines().count()).isGreaterThan(10);
        assertThat(MAPPER.readTree(pretty)).isEqualTo(MAPPER.readTree(EvaluationJson.toJson(e)));
    }
}
