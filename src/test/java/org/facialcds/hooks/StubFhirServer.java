package org.facialcds.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A FHIR server stub on 127.0.0.1 (random port) that answers reads and searches from one example bundle, as
 * searchset bundles; it records each request's path and Authorization header and can be made slow.
 */
final class StubFhirServer implements AutoCloseable {

    /** One request seen: path with query, and the Authorization header. */
    record Seen(String uri, String authorization) {
    }

    private final HttpServer server;
    private final ObjectNode prefetch;
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    volatile long delayMillis;

    StubFhirServer(Path bundle) {
        this.prefetch = Requests.prefetch(bundle);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/fhir", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
    }

    String patientId() {
        return prefetch.path("patient").path("id").asText();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String uri = exchange.getRequestURI().toString();
        seen.add(new Seen(uri, exchange.getRequestHeaders().getFirst("Authorization")));
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String path = exchange.getRequestURI().getPath().substring("/fhir/".length());
        JsonNode body;
        int status = 200;
        if (path.startsWith("Patient/")) {
            body = path.equals("Patient/" + patientId()) ? prefetch.get("patient") : null;
            status = body == null ? 404 : 200;
        } else {
            String key = switch (path) {
                case "QuestionnaireResponse" -> "assessment";
                case "Condition" -> "conditions";
                case "MedicationRequest" -> "medications";
                case "Observation" -> exchange.getRequestURI().getRawQuery().contains("82810-3") ? "pregnancy" : "egfr";
                case "ImagingStudy" -> "imaging";
                case "DiagnosticReport" -> "reports";
                case "AllergyIntolerance" -> "allergies";
                case "Procedure" -> "procedures";
                case "Device" -> "devices";
                default -> null;
            };
            JsonNode found = key == null ? null : prefetch.get(key);
            if (found == null || found.isNull()) {
                ObjectNode empty = Http.JSON.createObjectNode();
                empty.put("resourceType", "Bundle");
                empty.put("type", "searchset");
                empty.put("total", 0);
                found = empty;
            }
            body = found;
        }
        byte[] bytes = (body == null ? "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                + "\"code\":\"not-found\"}]}" : body.toString()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
        try {
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException clientGone) {
            // the service gave up (time budget): fine
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
