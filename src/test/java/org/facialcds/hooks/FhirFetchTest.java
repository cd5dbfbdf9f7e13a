package org.facialcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prefetch missing: the service reads what it needs from the client's FHIR server (a stub on loopback). */
class FhirFetchTest {

    @TempDir
    static Path dir;
    static StubFhirServer fhir;
    static CdsHooksServer server;

    @BeforeAll
    static void start() {
        fhir = new StubFhirServer(Path.of("examples", "fhir", "v04-hfs-imaging-not-done.bundle.json"));
        server = CdsHooksServer.start(Http.settings(dir).insecureNoAuth(true)
                .fhirServers(List.of(fhir.baseUrl())).fhirFetchBudget(Duration.ofMillis(1500)).build());
    }

    @AfterAll
    static void stop() {
        server.stop();
        fhir.close();
    }

    @BeforeEach
    void reset() {
        fhir.seen.clear();
        fhir.delayMillis = 0;
    }

    private static ObjectNode request(String fhirServer) {
        ObjectNode request = Http.JSON.createObjectNode();
        request.put("hook", "patient-view");
        request.put("hookInstance", "5b0e8b52-6a40-4b5b-9a3e-2f1c0d9e8a71");
        request.put("fhirServer", fhirServer);
        ObjectNode auth = request.putObject("fhirAuthorization");
        auth.put("access_token", "stub-access-token");
        auth.put("token_type", "Bearer");
        auth.put("expires_in", 300);
        auth.put("scope", "user/Patient.read user/Observation.read");
        auth.put("subject", "facial-cds");
        ObjectNode context = request.putObject("context");
        context.put("userId", "Practitioner/test");
        context.put("patientId", fhir.patientId());
        return request;
    }

    @Test
    void whenThereIsNoPrefetch_thenTheServiceReadsEveryKeyFromTheFhirServerWithTheLentToken() {
        Http.Response r = Http.post(server.baseUrl() + "/cds-services/facial-twitching",
                request(fhir.baseUrl()).toString(), null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(Conformance.response(r.json())).isEmpty();
        assertThat(r.body()).contains("Hemifacial spasm").contains("70553");
        assertThat(fhir.seen).hasSize(Services.PREFETCH.size());
        assertThat(fhir.seen).allSatisfy(s -> assertThat(s.authorization()).isEqualTo("Bearer stub-access-token"));
        assertThat(fhir.seen).anySatisfy(s -> assertThat(s.uri()).isEqualTo("/fhir/Patient/" + fhir.patientId()));
        assertThat(fhir.seen).anySatisfy(s -> assertThat(s.uri()).startsWith("/fhir/QuestionnaireResponse?patient="
                + fhir.patientId() + "&questionnaire=https://facial-cds.org/fhir/Questionnaire/facial-twitching-assessment"));
        assertThat(fhir.seen).anySatisfy(s -> assertThat(s.uri()).contains("code=http://loinc.org%7C82810-3"));
    }

    @Test
    void whenPartOfThePrefetchIsSent_thenOnlyTheMissingKeysAreRead() {
        ObjectNode request = request(fhir.baseUrl());
        ObjectNode prefetch = Requests.prefetch(Path.of("examples", "fhir", "v04-hfs-imaging-not-done.bundle.json"));
        prefetch.remove(List.of("conditions", "egfr"));
        request.set("prefetch", prefetch);
        Http.Response r = Http.post(server.baseUrl() + "/cds-services/facial-twitching", request.toString(), null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(fhir.seen).extracting(s -> s.uri().substring(0, s.uri().indexOf('?')))
                .containsExactlyInAnyOrder("/fhir/Condition", "/fhir/Observation");
    }

    @Test
    void whenTheFhirServerIsTooSlow_then412WithinTheTimeBudget() {
        fhir.delayMillis = 5000;
        long start = System.nanoTime();
        Http.Response r = Http.post(server.baseUrl() + "/cds-services/facial-twitching",
                request(fhir.baseUrl()).toString(), null);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.status()).isEqualTo(412);
        assertThat(r.body()).contains("did not answer within 1500 ms");
        assertThat(millis).isLessThan(4000);
    }

    @Test
    void whenTheFhirServerIsNotOnTheAllowList_then412AndItIsNeverCalled() {
        String other = fhir.baseUrl().replace("/fhir", "/other-fhir");
        Http.Response r = Http.post(server.baseUrl() + "/cds-services/facial-twitching", request(other).toString(), null);
        assertThat(r.status()).isEqualTo(412);
        assertThat(r.body()).contains("not configured to read from that fhirServer");
        assertThat(fhir.seen).isEmpty();
    }

    @Test
    void whenAllowListIsEmpty_thenOnlyHttpsServersAreRead() {
        FhirFetcher open = new FhirFetcher(List.of(), Duration.ofSeconds(1));
        assertThat(open.allowed("https://ehr.example.org/fhir")).isTrue();
        assertThat(open.allowed("http://ehr.example.org/fhir")).isFalse();
        FhirFetcher listed = new FhirFetcher(List.of("https://ehr.example.org/fhir/"), Duration.ofSeconds(1));
        assertThat(listed.allowed("https://ehr.example.org/fhir")).isTrue();
        assertThat(listed.allowed("https://ehr.example.org/fhir/r4")).isTrue();
        assertThat(listed.allowed("https://ehr.example.org/fhirevil")).isFalse();
        assertThat(listed.allowed("https://attacker.example/fhir")).isFalse();
    }
}
