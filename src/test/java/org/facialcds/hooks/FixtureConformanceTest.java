package org.facialcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example request in the shared CDS Hooks fixtures (HL7 spec, hooks library, Inferno CRD test kit, the
 * sandbox's PAMA stubs) is accepted or refused as the spec says, and every response the service gives is
 * checked against the spec's rules. The checker itself is checked on the spec's own example responses.
 */
class FixtureConformanceTest {

    @TempDir
    static Path dir;
    static CdsHooksServer server;

    @BeforeAll
    static void start() {
        server = CdsHooksServer.start(Http.settings(dir).insecureNoAuth(true).build());
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    /** fixture file, service id, expected status, why. */
    static Stream<Arguments> requests() {
        return Stream.of(
                // patient-view: our required prefetch keys are missing and the fixture's FHIR server is not one we
                // may read from (http, not configured) -> 412 Precondition Failed (2.0 "Prefetch Template")
                Arguments.of("fixtures/patient-view-request.json", "facial-twitching", 412),
                Arguments.of("ig-binary-examples/binary-CDSHooksRequestPV.json", "facial-twitching", 412),
                Arguments.of("spec-2.0-hl7/spec-02-example.json", "facial-twitching", 412),
                // patient-view without context.patientId (the spec's extension example) -> 400
                Arguments.of("spec-2.0-hl7/spec-34-extensions.json", "facial-twitching", 400),
                // order-select of a head CT / MRA: an order we advise on, no prefetch, no fhirAuthorization -> 412
                Arguments.of("fixtures/order-select-request-imaging-ct-head.json", "facial-twitching-order-select", 412),
                Arguments.of("fixtures/order-select-request-imaging-mra-head.json", "facial-twitching-order-select", 412),
                Arguments.of("sandbox-cds-services-pama/order-select-s1r2.json", "facial-twitching-order-select", 412),
                Arguments.of("sandbox-cds-services-pama/order-select-s1r3.json", "facial-twitching-order-select", 412),
                Arguments.of("sandbox-cds-services-pama/order-select-s2r2.json", "facial-twitching-order-select", 412),
                // order-select / order-sign of a diet and amoxicillin: nothing we rule on -> 200, no cards
                Arguments.of("fixtures/order-select-request-r4-full.json", "facial-twitching-order-select", 200),
                Arguments.of("fixtures/order-sign-request-r4-full.json", "facial-twitching-order-sign", 200),
                Arguments.of("inferno-crd-test-kit/order_select_hook_request.json", "facial-twitching-order-select", 200),
                Arguments.of("inferno-crd-test-kit/order_sign_hook_request.json", "facial-twitching-order-sign", 200),
                Arguments.of("spec-2.0-hl7/spec-05-example-of-pagination-in-prefetch.json", "facial-twitching-order-sign",
                        200),
                // a hook the service does not answer -> 400
                Arguments.of("inferno-crd-test-kit/appointment_book_hook_request.json", "facial-twitching", 400),
                Arguments.of("inferno-crd-test-kit/encounter_start_hook_request.json", "facial-twitching-order-sign", 400),
                Arguments.of("fixtures/order-select-request-r4-full.json", "facial-twitching-order-sign", 400),
                Arguments.of("fixtures/patient-view-request.json", "facial-twitching-order-select", 400));
    }

    @ParameterizedTest(name = "{0} -> {1}: HTTP {2}")
    @MethodSource("requests")
    void whenAFixtureRequestIsPosted_thenTheServiceAnswersAsTheSpecSays(String file, String service, int status) {
        Http.Response r = Http.post(server.baseUrl() + "/cds-services/" + service,
                Http.read(Http.FIXTURES.resolve(file)), null);
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        check(r);
    }

    /** Hook-library context examples (context only) wrapped into requests: hook, hookInstance, context. */
    static Stream<Arguments> contexts() {
        return Stream.of(
                Arguments.of("hooks-library-hl7/order-select-01-example-r4.json", "order-select",
                        "facial-twitching-order-select", 200),
                Arguments.of("hooks-library-hl7/order-select-02-example-stu3.json", "order-select",
                        "facial-twitching-order-select", 200),
                Arguments.of("hooks-library-hl7/order-select-03-example-dstu2.json", "order-select",
                        "facial-twitching-order-select", 200),
                Arguments.of("hooks-library-hl7/order-sign-01-example-r4.json", "order-sign",
                        "facial-twitching-order-sign", 200),
                Arguments.of("hooks-library-hl7/order-sign-02-example-stu3.json", "order-sign",
                        "facial-twitching-order-sign", 200),
                Arguments.of("fixtures/order-select-context-r4.json", "order-select", "facial-twitching-order-select", 200),
                Arguments.of("fixtures/order-sign-context-r4.json", "order-sign", "facial-twitching-order-sign", 200),
                // patient-view needs data: no prefetch and no FHIR server -> 412
                Arguments.of("fixtures/patient-view-context-with-encounter.json", "patient-view", "facial-twitching", 412),
                // medication-prescribe is not a hook this service offers
                Arguments.of("hooks-library-hl7/medication-prescribe-01-example-stu3.json", "medication-prescribe",
                        "facial-twitching-order-select", 400));
    }

    @ParameterizedTest(name = "{0} as {1} -> {2}: HTTP {3}")
    @MethodSource("contexts")
    void whenAHookLibraryContextIsPosted_thenTheServiceAnswersAsTheSpecSays(String file, String hook, String service,
            int status) {
        ObjectNode request = Http.JSON.createObjectNode();
        request.put("hook", hook);
        request.put("hookInstance", "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea");
        request.set("context", Http.readJson(Http.FIXTURES.resolve(file)).get("context"));
        Http.Response r = Http.post(server.baseUrl() + "/cds-services/" + service, request.toString(), null);
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        check(r);
    }

    static Stream<String> feedback() {
        return Stream.of("fixtures/feedback-accepted.json", "fixtures/feedback-overridden-no-reason.json",
                "fixtures/feedback-overridden-with-reason.json", "spec-2.0-hl7/spec-26-example-suggestion-accepted.json",
                "spec-2.0-hl7/spec-27-example-overridden-guidance-without-overridereason.json",
                "spec-2.0-hl7/spec-28-example-overridden-guidance-with-overridereason.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("feedback")
    void whenSpecFeedbackIsPosted_thenItIsAccepted(String file) {
        Http.Response r = Http.post(server.baseUrl() + "/cds-services/facial-twitching/feedback",
                Http.read(Http.FIXTURES.resolve(file)), null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("stored").asInt()).isPositive();
    }

    @Test
    void whenTheDiscoveryResponseIsChecked_thenItFollowsTheSpec() {
        Http.Response r = Http.get(server.baseUrl() + "/cds-services", null);
        assertThat(Conformance.discovery(r.json())).isEmpty();
    }

    @Test
    void whenTheCheckerReadsTheSpecsOwnExamples_thenItPassesTheValidOnesAndFlagsTheErrata() {
        for (String ok : List.of("fixtures/response-cards-links-overridereasons.json", "fixtures/response-empty-cards.json",
                "ig-binary-examples/binary-CDSHooksResponse.json", "spec-2.0-hl7/spec-24-example.json",
                "spec-2.0-hl7/spec-16-http-response.json", "inferno-crd-test-kit/crd_authorization_hook_response.json")) {
            assertThat(Conformance.response(Http.readJson(Http.FIXTURES.resolve(ok)))).as(ok).isEmpty();
        }
        for (JsonNode card : Http.readJson(Http.FIXTURES.resolve("inferno-crd-test-kit/valid_cards.json"))) {
            assertThat(Conformance.card(card)).as(card.path("summary").asText()).isEmpty();
        }
        for (String ok : List.of("fixtures/discovery-response.json", "ig-binary-examples/binary-CDSHookServices.json",
                "inferno-crd-test-kit/cds-services-discovery.json")) {
            assertThat(Conformance.discovery(Http.readJson(Http.FIXTURES.resolve(ok)))).as(ok).isEmpty();
        }
        // the spec's "Lung cancer screening" card has no indicator; its systemAction example has no description
        assertThat(Conformance.response(Http.readJson(Http.FIXTURES.resolve(
                "fixtures/response-card-missing-indicator-SPEC-ERRATUM.json")))).containsExactly(
                "$.cards[0].indicator: required string");
        assertThat(Conformance.response(Http.readJson(Http.FIXTURES.resolve("fixtures/response-systemaction-only.json"))))
                .containsExactly("$.systemActions[0].description: required string");
    }

    private static void check(Http.Response r) {
        if (r.status() == 200) {
            assertThat(Conformance.response(r.json())).as(r.body()).isEmpty();
        } else {
            assertThat(r.json().path("resourceType").asText()).as(r.body()).isEqualTo("OperationOutcome");
            assertThat(r.json().path("issue").path(0).path("details").path("text").asText()).isNotBlank();
        }
    }
}
