package org.facialcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stop lets in-flight requests finish: in process, and for {@code facial-cds serve} on SIGTERM. */
class ShutdownTest {

    @TempDir
    Path dir;

    /** A patient-view without prefetch, so the service reads from the (slow) stub FHIR server. */
    private static String slowRequest(StubFhirServer fhir) {
        ObjectNode request = Http.JSON.createObjectNode();
        request.put("hook", "patient-view");
        request.put("hookInstance", "0f0e0d0c-0b0a-4908-8706-050403020100");
        request.put("fhirServer", fhir.baseUrl());
        ObjectNode auth = request.putObject("fhirAuthorization");
        auth.put("access_token", "t");
        auth.put("token_type", "Bearer");
        auth.put("expires_in", 300);
        auth.put("scope", "user/*.read");
        auth.put("subject", "facial-cds");
        ObjectNode context = request.putObject("context");
        context.put("userId", "Practitioner/test");
        context.put("patientId", fhir.patientId());
        return request.toString();
    }

    private static CompletableFuture<HttpResponse<String>> postAsync(String url, String body) {
        return Http.CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitRequests(StubFhirServer fhir) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (fhir.seen.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(fhir.seen).as("the request reached the FHIR stub").isNotEmpty();
    }

    @Test
    void whenStoppedWithARequestInFlight_thenTheRequestFinishesAndNewOnesAreRefused() throws Exception {
        try (StubFhirServer fhir = new StubFhirServer(Path.of("examples", "fhir", "v04-hfs-imaging-not-done.bundle.json"))) {
            fhir.delayMillis = 1500;
            CdsHooksServer server = CdsHooksServer.start(Http.settings(dir).insecureNoAuth(true)
                    .fhirServers(List.of(fhir.baseUrl())).fhirFetchBudget(Duration.ofSeconds(10)).build());
            String url = server.baseUrl() + "/cds-services/facial-twitching";
            CompletableFuture<HttpResponse<String>> inFlight = postAsync(url, slowRequest(fhir));
            awaitRequests(fhir);
            long start = System.nanoTime();
            server.stop();
            long stopMillis = (System.nanoTime() - start) / 1_000_000;
            HttpResponse<String> response = inFlight.get(30, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains("\"cards\"");
            assertThat(stopMillis).as("stop waited for the request").isGreaterThan(500);
            assertThatThrownBy(() -> Http.get(server.baseUrl() + "/health", null)).isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void whenServeGetsSigterm_thenItFinishesTheRequestInFlightAndExits() throws Exception {
        try (StubFhirServer fhir = new StubFhirServer(Path.of("examples", "fhir", "v04-hfs-imaging-not-done.bundle.json"))) {
            fhir.delayMillis = 1500;
            Path config = dir.resolve("serve.yaml");
            Files.writeString(config, "host: 127.0.0.1\n"
                    + "database:\n  url: \"jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + "\"\n"
                    + "fhirServers: [\"" + fhir.baseUrl() + "\"]\n"
                    + "fhirFetchTimeoutMillis: 10000\n");
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                    "org.facialcds.cli.Main", "serve", "--port", "0", "--insecure-no-auth", "--config", config.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8));
                Pattern listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
                Integer port = null;
                StringBuilder log = new StringBuilder();
                long deadline = System.currentTimeMillis() + 120_000;
                String line;
                while (port == null && System.currentTimeMillis() < deadline && (line = out.readLine()) != null) {
                    log.append(line).append('\n');
                    Matcher m = listening.matcher(line);
                    if (m.find()) {
                        port = Integer.parseInt(m.group(1));
                    }
                }
                assertThat(port).as("serve started:\n%s", log).isNotNull();
                StringBuffer rest = new StringBuffer();
                Thread drain = new Thread(() -> {
                    try {
                        out.lines().forEach(l -> rest.append(l).append('\n'));
                    } catch (java.io.UncheckedIOException closed) {
                        // the process is gone
                    }
                });
                drain.setDaemon(true);
                drain.start();
                CompletableFuture<HttpResponse<String>> inFlight = postAsync(
                        "http://127.0.0.1:" + port + "/cds-services/facial-twitching", slowRequest(fhir));
                awaitRequests(fhir);
                process.destroy(); // SIGTERM
                HttpResponse<String> response = inFlight.get(60, TimeUnit.SECONDS);
                boolean exited = process.waitFor(60, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as("%s\n%s", response.body(), rest).isEqualTo(200);
                assertThat(exited).as("serve exited").isTrue();
                assertThat(process.exitValue()).isIn(0, 143);
            } finally {
                process.destroyForcibly();
            }
        }
    }
}
