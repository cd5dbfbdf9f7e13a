package org.facialcds.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads what the prefetch lacks from the EHR's FHIR server with the bearer token the request lends: all
 * queries at once, within one time budget (no retries), only from allowed servers (so a request cannot make
 * this service call an arbitrary address), each response at most 8 MiB.
 */
final class FhirFetcher {

    /** One query's outcome: the resource, or why there is none. */
    record Result(JsonNode resource, String problem) {
        boolean ok() {
            return resource != null;
        }
    }

    private static final int MAX_BYTES = 8 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> allowList;
    private final Duration budget;
    private final HttpClient http;

    FhirFetcher(List<String> allowList, Duration budget) {
        this.allowList = allowList.stream().map(FhirFetcher::trimSlash).toList();
        this.budget = budget;
        this.http = HttpClient.newBuilder().connectTimeout(budget).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Whether the service may read from this FHIR server: listed (prefix), or any https server when none is listed. */
    boolean allowed(String fhirServer) {
        String server = trimSlash(fhirServer);
        if (allowList.isEmpty()) {
            return server.toLowerCase(Locale.ROOT).startsWith("https://");
        }
        return allowList.stream().anyMatch(a -> server.equals(a) || server.startsWith(a + "/"));
    }

    /** Runs the queries (relative FHIR URLs, tokens already replaced) against {@code base}; never longer than the budget. */
    Map<String, Result> fetch(String base, String accessToken, Map<String, String> queries) {
        long deadline = System.nanoTime() + budget.toNanos();
        Map<String, CompletableFuture<Result>> pending = new LinkedHashMap<>();
        String root = trimSlash(base);
        for (Map.Entry<String, String> q : queries.entrySet()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(root + "/" + q.getValue()))
                    .timeout(budget)
                    .header("Accept", "application/fhir+json, application/json")
                    .header("Authorization", "Bearer " + accessToken)
                    .GET().build();
            pending.put(q.getKey(), http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                    .thenApply(FhirFetcher::read)
                    .exceptionally(e -> new Result(null, "the FHIR server could not be reached")));
        }
        Map<String, Result> results = new LinkedHashMap<>();
        for (Map.Entry<String, CompletableFuture<Result>> p : pending.entrySet()) {
            long left = deadline - System.nanoTime();
            try {
                results.put(p.getKey(), p.getValue().get(Math.max(0, left), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                p.getValue().cancel(true);
                results.put(p.getKey(), new Result(null, "the FHIR server did not answer within "
                        + budget.toMillis() + " ms"));
            } catch (ExecutionException e) {
                results.put(p.getKey(), new Result(null, "the FHIR server could not be reached"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                results.put(p.getKey(), new Result(null, "interrupted"));
            }
        }
        return results;
    }

    private static Result read(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                return new Result(null, "the FHIR server answered HTTP " + response.statusCode());
            }
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                return new Result(null, "the FHIR server's answer is larger than " + MAX_BYTES + " bytes");
            }
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject() || !node.path("resourceType").isTextual()) {
                return new Result(null, "the FHIR server's answer is not a FHIR resource");
            }
            if ("OperationOutcome".equals(node.path("resourceType").asText())) {
                return new Result(null, "the FHIR server answered with an OperationOutcome");
            }
            return new Result(node, null);
        } catch (IOException | UncheckedIOException e) {
            return new Result(null, "the FHIR server's answer could not be read as JSON");
        }
    }

    private static String trimSlash(String url) {
        String u = url.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
