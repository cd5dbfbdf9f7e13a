package org.facialcds.safety;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.facialcds.hooks.CdsHooksServer;
import org.facialcds.hooks.ServerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the CDS Hooks endpoints (loopback only) with damaged requests and hostile bodies: every
 * answer must be a 2xx or 4xx without a stack trace, within the client timeout, and the service must
 * answer a valid request the same way afterwards.
 */
class HooksFuzzTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Answer(int status, String body) {
    }

    static Answer post(String url, byte[] body, String contentType) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    static void assertClean(Answer a, String what) {
        assertThat(a.status()).as("%s: status; body %s", what, abbreviate(a.body())).isBetween(200, 499);
        assertThat(a.body()).as(what).doesNotContain("\tat ").doesNotContain("Exception in thread")
                .doesNotContainPattern("at [\\w.$]+\\([\\w$]+\\.java:\\d+\\)");
    }

    static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    @Test
    void whenRequestsAreHostile_thenClientErrorsAndTheServiceKeepsAnswering(@TempDir Path dir) throws Exception {
        ServerSettings settings = ServerSettings.builder()
                .host("127.0.0.1").port(0)
                .rulesDirectory(Path.of("rules"))
                .insecureNoAuth(true)
                .databaseUrl("jdbc:h2:file:" + dir.resolve("feedback").toAbsolutePath() + ";WRITE_DELAY=0")
                .fhirServers(List.of("http://127.0.0.1:1/nowhere"))
                .build();
        try (CdsHooksServer server = CdsHooksServer.start(settings)) {
            String base = server.baseUrl();
            HttpResponse<String> discovery = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/cds-services"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(discovery.statusCode()).isEqualTo(200);
            List<String> ids = new ArrayList<>();
            JSON.readTree(discovery.body()).path("services").forEach(s -> ids.add(s.path("id").asText()));
            assertThat(ids).isNotEmpty();

            byte[] valid = Files.readAllBytes(Path.of("examples/cds-hooks/patient-view.json"));
            String validService = ids.stream().filter(id -> id.contains("patient-view")).findFirst().orElse(ids.get(0));
            Answer before = post(base + "/cds-services/" + validService, valid, "application/json");
            assertClean(before, "valid request");

            List<byte[]> bodies = new ArrayList<>(List.of(new byte[0], "null".getBytes(), "[]".getBytes(),
                    "{}".getBytes(), "{\"hook\":1}".getBytes(), "{\"hookInstance\":\"x\",\"hook\":\"patient-view\"}".getBytes(),
                    ("[".repeat(100_000)).getBytes(), ("{\"context\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}").getBytes(),
                    new byte[] {(byte) 0xC3, (byte) 0x28}, "{\"hook\":\"a\",\"hook\":\"b\"}".getBytes()));
            Random r = new Random(Safety.fuzzSeed(8_009L));
            String text = new String(valid, java.nio.charset.StandardCharsets.UTF_8);
            for (int i = 0; i < Math.max(30, Safety.fuzzIterations(300) / 10); i++) {
                if (i % 2 == 0) {
                    bodies.add(PatientJsonFuzzTest.damage(text, r).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } else {
                    JsonNode mutated = JSON.readTree(text);
                    for (int k = 1 + r.nextInt(3); k > 0; k--) mutated = PatientJsonFuzzTest.mutate(mutated, r);
                    bodies.add(mutated.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            int n = 0;
            List<String> broken = new ArrayList<>();
            for (byte[] body : bodies) {
                String id = ids.get(n++ % ids.size());
                for (String url : List.of(base + "/cds-services/" + id, base + "/cds-services/" + id + "/feedback")) {
                    try {
                        assertClean(post(url, body, "application/json"), url.substring(base.length()));
                    } catch (AssertionError e) {
                        Path failing = Path.of("target", "hooks-fuzz-failing-" + n + ".json");
                        Files.createDirectories(failing.getParent());
                        Files.write(failing, body);
                        broken.add(abbreviate(String.join(" ", e.getMessage().lines().toList())) + " (body in "
                                + failing + ")");
                    }
                }
            }
            assertThat(broken).as("answers that were not a clean 2xx/4xx").isEmpty();
            assertClean(post(base + "/cds-services/no-such-service", valid, "application/json"), "unknown service");
            assertClean(post(base + "/cds-services/" + validService, valid, "text/plain"), "wrong content type");
            Answer after = post(base + "/cds-services/" + validService, valid, "application/json");
            assertThat(after.status()).isEqualTo(before.status());
            System.out.printf("CDS Hooks fuzz: %d hostile bodies on %d services and their feedback%n", bodies.size(),
                    ids.size());
        }
    }
}
