package org.facialcds.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** Test helpers: a loopback HTTP client, the shared fixtures and examples, a server on a free port. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path FIXTURES = Paths.get("..", "shared", "fixtures", "cdshooks");
    static final Path EXAMPLES = Paths.get("examples", "cds-hooks");
    /** "Today" in tests: the examples' dates are written against it. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A response: status, body text, parsed JSON (or null) and headers. */
    record Response(int status, String body, JsonNode json, java.net.http.HttpHeaders headers) {
    }

    private Http() {
    }

    /** Settings for a test server: loopback, a free port, an H2 file in {@code dir}, the pinned clock. */
    static ServerSettings.Builder settings(Path dir) {
        return ServerSettings.builder()
                .host("127.0.0.1")
                .port(0)
                .clock(CLOCK)
                .databaseUrl("jdbc:h2:file:" + dir.resolve("feedback").toAbsolutePath() + ";WRITE_DELAY=0")
                // never reach out to the fixtures' FHIR servers (hooks.smarthealthit.org, example/r4 …)
                .fhirServers(java.util.List.of("http://127.0.0.1:1/nowhere"));
    }

    static Response get(String url, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    static Response post(String url, String body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    static Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = r.body().isEmpty() ? null : JSON.readTree(r.body());
            } catch (IOException notJson) {
                // HTML pages
            }
            return new Response(r.statusCode(), r.body(), json, r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
