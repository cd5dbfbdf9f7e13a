package org.facialcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.facialcds.Evaluation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service end to end on loopback, without authentication: discovery, the three hooks, errors, feedback. */
class CdsHooksServerTest {

    @TempDir
    static Path dir;
    static CdsHooksServer server;
    static String base;

    @BeforeAll
    static void start() {
        server = CdsHooksServer.start(Http.settings(dir).insecureNoAuth(true).build());
        base = server.baseUrl();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static Http.Response hook(String id, String body) {
        Http.Response r = Http.post(base + "/cds-services/" + id, body, null);
        if (r.status() == 200) {
            assertThat(Conformance.response(r.json())).as("conformance of %s", r.body()).isEmpty();
        } else {
            assertOperationOutcome(r);
        }
        return r;
    }

    static void assertOperationOutcome(Http.Response r) {
        assertThat(r.json()).as("body of HTTP %d", r.status()).isNotNull();
        assertThat(r.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(r.json().path("issue").path(0).path("details").path("text").asText()).isNotBlank();
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    }

    static List<JsonNode> cards(Http.Response r) {
        return StreamSupport.stream(r.json().path("cards").spliterator(), false).toList();
    }

    @Test
    void whenDiscovery_thenOneServicePerHookWithPrefetchTemplates() {
        Http.Response r = Http.get(base + "/cds-services", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(Conformance.discovery(r.json())).isEmpty();
        List<String> hooks = new ArrayList<>();
        r.json().path("services").forEach(s -> hooks.add(s.path("hook").asText()));
        assertThat(hooks).containsExactly("patient-view", "order-select", "order-sign");
        JsonNode prefetch = r.json().path("services").path(0).path("prefetch");
        assertThat(prefetch.path("patient").asText()).isEqualTo("Patient/{{context.patientId}}");
        assertThat(prefetch.path("pregnancy").asText()).contains("82810-3");
        assertThat(prefetch.path("assessment").asText()).contains("QuestionnaireResponse?patient={{context.patientId}}")
                .contains("https://facial-cds.org/fhir/Questionnaire/facial-twitching-assessment");
        assertThat(prefetch.fieldNames()).toIterable().contains("conditions", "medications", "egfr", "imaging",
                "reports", "allergies", "procedures");
    }

    @Test
    void whenPatientViewExample_thenFewConformantCardsThatExplainThemselves() {
        Http.Response r = hook("facial-twitching", Http.read(Http.EXAMPLES.resolve("patient-view.json")));
        assertThat(r.status()).isEqualTo(200);
        List<JsonNode> cards = cards(r);
        assertThat(cards).hasSizeBetween(2, 5);
        JsonNode health = Http.get(base + "/health", null).json();
        for (JsonNode card : cards) {
            assertThat(card.path("uuid").asText()).isNotBlank();
            assertThat(card.path("detail").asText()).contains(Evaluation.DISCLAIMER).contains("rule `");
            JsonNode reasoning = card.path("extension").path("org.facialcds.reasoning");
            assertThat(reasoning.path("knowledgeBase").path("sha256").asText())
                    .isEqualTo(health.path("knowledgeBase").path("sha256").asText());
            assertThat(reasoning.path("disclaimer").asText()).isEqualTo(Evaluation.DISCLAIMER);
            if (!card.path("indicator").asText().equals("info")) {
                assertThat(card.path("overrideReasons").size()).isPositive();
            }
            assertThat(card.path("links").path(0).path("url").asText()).startsWith(base + "/knowledge-base/rules?ids=");
        }
        JsonNode workUp = cards.stream().filter(c -> c.path("summary").asText().startsWith("Hypothesis: ")).findFirst()
                .orElseThrow();
        assertThat(workUp.path("summary").asText()).contains("Blepharospasm");
        JsonNode create = workUp.path("suggestions").path(0).path("actions").path(0);
        assertThat(create.path("type").asText()).isEqualTo("create");
        assertThat(create.path("resource").path("resourceType").asText()).isEqualTo("ServiceRequest");
        assertThat(create.path("resource").path("code").path("coding").path(0).path("code").asText()).isEqualTo("70553");
        assertThat(create.path("resource").path("code").path("coding").path(1).path("system").asText())
                .isEqualTo("http://loinc.org");
        assertThat(create.path("resource").path("subject").path("reference").asText()).isEqualTo("Patient/example-beb");
        assertThat(workUp.path("extension").path("org.facialcds.reasoning").path("rules").toString())
                .contains("DX-BSP-01");
    }

    @Test
    void whenClonazepamIsOrderedForA70YearOldOnOxycodone_thenCriticalVetoCardSuggestsRemovingIt() {
        Http.Response r = hook("facial-twitching-order-select",
                Http.read(Http.EXAMPLES.resolve("order-select-clonazepam.json")));
        assertThat(r.status()).isEqualTo(200);
        List<JsonNode> cards = cards(r);
        assertThat(cards).hasSize(1);
        JsonNode card = cards.get(0);
        assertThat(card.path("indicator").asText()).isEqualTo("critical");
        assertThat(card.path("summary").asText()).startsWith("Avoid clonazepam").contains("boxed warning")
                .contains("Beers");
        JsonNode action = card.path("suggestions").path(0).path("actions").path(0);
        assertThat(action.path("type").asText()).isEqualTo("delete");
        assertThat(action.path("resourceId").asText()).isEqualTo("MedicationRequest/draft-clonazepam");
        assertThat(card.path("selectionBehavior").asText()).isEqualTo("at-most-one");
        List<String> reasons = new ArrayList<>();
        card.path("extension").path("org.facialcds.reasoning").path("recommendations")
                .forEach(rec -> reasons.add(rec.path("code").asText() + " " + rec.path("reason").asText()));
        assertThat(reasons).contains("AVOID_BENZODIAZEPINE BOXED_WARNING", "AVOID_BENZODIAZEPINE BEERS")
                .doesNotContain("AVOID_BENZODIAZEPINE POLICY"); // the draft itself is not "already taking one"
        assertThat(card.path("detail").asText()).contains("oxycodone").contains("VT-BZD-01");
    }

    @Test
    void whenCtHeadIsOrderedForSuspectedHemifacialSpasm_thenSuggestsChangingItToTheMriProtocol() {
        Path bundle = Path.of("examples", "fhir", "v04-hfs-imaging-not-done.bundle.json");
        ObjectNode ct = Requests.serviceRequest("draft-ct", "70450", "CT head without contrast", "v04-hfs-imaging-not-done");
        Http.Response r = hook("facial-twitching-order-select",
                Requests.request("order-select", bundle, ct).toString());
        assertThat(r.status()).isEqualTo(200);
        JsonNode card = cards(r).stream().filter(c -> c.path("summary").asText().startsWith("MRI, not CT"))
                .findFirst().orElseThrow();
        assertThat(card.path("indicator").asText()).isEqualTo("warning");
        JsonNode update = card.path("suggestions").path(0).path("actions").path(0);
        assertThat(update.path("type").asText()).isEqualTo("update");
        assertThat(update.path("resource").path("id").asText()).isEqualTo("draft-ct");
        assertThat(update.path("resource").path("code").path("coding").path(0).path("code").asText()).isEqualTo("70553");
        assertThat(card.path("suggestions").path(1).path("actions").path(0).path("resourceId").asText())
                .isEqualTo("ServiceRequest/draft-ct");
    }

    @Test
    void whenContrastMriIsOrderedInPregnancy_thenSuggestsTheMriWithoutGadolinium() {
        Path bundle = Path.of("examples", "fhir", "v25-hfs-pregnancy.bundle.json");
        ObjectNode mri = Requests.serviceRequest("draft-mri", "70553", "MRI brain without and with contrast",
                "v25-hfs-pregnancy");
        Http.Response r = hook("facial-twitching-order-sign", Requests.request("order-sign", bundle, mri).toString());
        assertThat(r.status()).isEqualTo(200);
        JsonNode card = cards(r).stream().filter(c -> c.path("summary").asText().startsWith("Avoid gadolinium"))
                .findFirst().orElseThrow();
        JsonNode update = card.path("suggestions").path(0).path("actions").path(0);
        assertThat(update.path("type").asText()).isEqualTo("update");
        assertThat(update.path("resource").path("code").path("coding").path(0).path("code").asText()).isEqualTo("70551");
    }

    @Test
    void whenTheDraftOrdersHoldNothingThisServiceRulesOn_thenNoCardsAndNoDataNeeded() {
        ObjectNode request = (ObjectNode) Http.readJson(Http.EXAMPLES.resolve("order-select-clonazepam.json")).deepCopy();
        request.remove("prefetch"); // no data at all: still fine, nothing to check
        ObjectNode amoxicillin = Requests.medicationRequest("draft-amox", "308182", "amoxicillin 250 MG Oral Capsule",
                "example-beb-oxycodone");
        ObjectNode context = (ObjectNode) request.get("context");
        context.putArray("selections").add("MedicationRequest/draft-amox");
        ((ObjectNode) context.get("draftOrders")).putArray("entry").addObject().set("resource", amoxicillin);
        Http.Response r = hook("facial-twitching-order-select", request.toString());
        assertThat(r.status()).isEqualTo(200);
        assertThat(cards(r)).isEmpty();
    }

    @Test
    void whenThePatientHasNoTwitchingAssessment_thenNoCards() {
        ObjectNode request = (ObjectNode) Http.readJson(Http.EXAMPLES.resolve("patient-view.json")).deepCopy();
        ((ObjectNode) request.get("prefetch")).putNull("assessment");
        Http.Response r = hook("facial-twitching", request.toString());
        assertThat(r.status()).isEqualTo(200);
        assertThat(cards(r)).isEmpty();
    }

    @Test
    void whenRequiredPrefetchIsMissingAndThereIsNoFhirServer_then412NamingTheKeys() {
        ObjectNode request = (ObjectNode) Http.readJson(Http.EXAMPLES.resolve("patient-view.json")).deepCopy();
        ((ObjectNode) request.get("prefetch")).remove(List.of("assessment", "medications"));
        Http.Response r = hook("facial-twitching", request.toString());
        assertThat(r.status()).isEqualTo(412);
        assertThat(r.body()).contains("'assessment'").contains("'medications'").doesNotContain("'conditions'");
    }

    @Test
    void whenOptionalPrefetchIsMissing_thenCardsSayWhatWasNotAvailable() {
        ObjectNode request = (ObjectNode) Http.readJson(Http.EXAMPLES.resolve("patient-view.json")).deepCopy();
        ((ObjectNode) request.get("prefetch")).remove(List.of("imaging", "reports", "egfr"));
        Http.Response r = hook("facial-twitching", request.toString());
        assertThat(r.status()).isEqualTo(200);
        JsonNode data = cards(r).stream().filter(c -> c.path("source").path("topic").path("code").asText()
                .equals("data-needed")).findFirst().orElseThrow();
        assertThat(data.path("detail").asText()).contains("Not available to this service").contains("imaging studies");
    }

    @Test
    void whenUnknownService_then404() {
        Http.Response r = hook("no-such-service", Http.read(Http.EXAMPLES.resolve("patient-view.json")));
        assertThat(r.status()).isEqualTo(404);
    }

    @Test
    void whenTheHookDoesNotMatchTheService_then400() {
        Http.Response r = hook("facial-twitching-order-sign", Http.read(Http.EXAMPLES.resolve("patient-view.json")));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("order-sign").contains("patient-view");
    }

    @Test
    void whenTheBodyIsNotJson_then400WithAnOperationOutcome() {
        Http.Response r = hook("facial-twitching", "{\"hook\": \"patient-view\", ");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("not valid JSON");
        assertThat(hook("facial-twitching", "").status()).isEqualTo(400);
        assertThat(hook("facial-twitching", "[1, 2]").status()).isEqualTo(400);
    }

    @Test
    void whenTheBodyIsOver1MiB_then413() {
        String big = "{\"hook\":\"patient-view\",\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}";
        Http.Response r = hook("facial-twitching", big);
        assertThat(r.status()).isEqualTo(413);
    }

    @Test
    void whenFeedbackIsPosted_thenItIsStoredAndSummarisedPerRuleAndVersion() throws Exception {
        Http.Response r = hook("facial-twitching-order-select",
                Http.read(Http.EXAMPLES.resolve("order-select-clonazepam.json")));
        JsonNode card = cards(r).get(0);
        String uuid = card.path("uuid").asText();
        String suggestion = card.path("suggestions").path(0).path("uuid").asText();
        String accepted = "{\"feedback\":[{\"card\":\"" + uuid + "\",\"outcome\":\"accepted\",\"acceptedSuggestions\":"
                + "[{\"id\":\"" + suggestion + "\"}],\"outcomeTimestamp\":\"2026-11-26T10:05:31Z\"}]}";
        Http.Response f = Http.post(base + "/cds-services/facial-twitching-order-select/feedback", accepted, null);
        assertThat(f.status()).isEqualTo(200);
        Http.Response second = hook("facial-twitching-order-select",
                Http.read(Http.EXAMPLES.resolve("order-select-clonazepam.json")));
        String uuid2 = cards(second).get(0).path("uuid").asText();
        String overridden = "{\"feedback\":[{\"card\":\"" + uuid2 + "\",\"outcome\":\"overridden\",\"overrideReason\":"
                + "{\"reason\":{\"system\":\"" + CardFactory.OVERRIDE_SYSTEM + "\",\"code\":\"specialist-decision\"},"
                + "\"userComment\":\"seen by neurology\"},\"outcomeTimestamp\":\"2026-11-26T10:06:00Z\"}]}";
        assertThat(Http.post(base + "/cds-services/facial-twitching-order-select/feedback", overridden, null).status())
                .isEqualTo(200);
        assertThat(server.feedbackStore().flush(5000)).isTrue();
        FeedbackReport report = FeedbackReport.read(server.settings());
        FeedbackReport.Row row = report.rows().stream().filter(x -> x.ruleId().equals("VT-BZD-01")).findFirst()
                .orElseThrow();
        assertThat(row.knowledgeBase()).isEqualTo("facial-twitching");
        assertThat(row.version()).isEqualTo(server.knowledgeBase().version());
        assertThat(row.accepted()).isGreaterThanOrEqualTo(1);
        assertThat(row.overridden()).isGreaterThanOrEqualTo(1);
        assertThat(row.overrideReasons()).containsKey("A specialist has reviewed and decided");
        assertThat(report.toText()).contains("VT-BZD-01");
        // free text is never stored
        assertThat(Files.walk(dir).filter(p -> p.toString().endsWith(".db")).toList()).isNotEmpty();
    }

    @Test
    void whenFeedbackIsMalformed_then400() {
        String url = base + "/cds-services/facial-twitching/feedback";
        assertThat(Http.post(url, "{\"feedback\":[{\"card\":\"x\",\"outcome\":\"liked\",\"outcomeTimestamp\":"
                + "\"2026-11-26T10:00:00Z\"}]}", null).status()).isEqualTo(400);
        assertThat(Http.post(url, "{\"feedback\":[{\"card\":\"x\",\"outcome\":\"accepted\",\"outcomeTimestamp\":"
                + "\"2026-11-26T10:00:00Z\"}]}", null).status()).isEqualTo(400); // accepted needs acceptedSuggestions
        assertThat(Http.post(url, "{\"feedback\":[]}", null).status()).isEqualTo(400);
        assertThat(Http.post(base + "/cds-services/nope/feedback", "{\"feedback\":[]}", null).status()).isEqualTo(404);
    }

    @Test
    void whenHealthIsAsked_thenItNamesTheKnowledgeBase() {
        Http.Response r = Http.get(base + "/health", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("status").asText()).isEqualTo("UP");
        assertThat(r.json().path("knowledgeBase").path("name").asText()).isEqualTo("facial-twitching");
        assertThat(r.json().path("knowledgeBase").path("sha256").asText()).hasSize(64);
    }

    @Test
    void whenTheRulesPageIsOpened_thenItListsTheRulesWithTheirEvidence() {
        Http.Response r = Http.get(base + "/knowledge-base/rules?ids=VT-BZD-01,VT-BZD-03", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("VT-BZD-01").contains("VT-BZD-03").doesNotContain("DX-BSP-01");
    }
}
