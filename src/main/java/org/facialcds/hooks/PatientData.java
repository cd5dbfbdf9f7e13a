package org.facialcds.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers the patient's FHIR data for a hook call (2.0 "Providing FHIR Resources"): the prefetch keys the
 * client sent (a {@code null} value means "no data"), then what is missing read from {@code fhirServer} with
 * {@code fhirAuthorization}. When required data can be had neither way the call is refused with 412.
 */
final class PatientData {

    /** The data found: a prefetch object for the FHIR mapper, and what could not be read (for the missing-data card). */
    record Resolved(ObjectNode prefetch, boolean medicationListComplete, List<String> warnings) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FhirFetcher fetcher;

    PatientData(FhirFetcher fetcher) {
        this.fetcher = fetcher;
    }

    /**
     * @throws HttpProblem 412 naming every required prefetch key that is neither sent nor readable
     */
    Resolved resolve(HookRequest request) {
        ObjectNode data = JSON.createObjectNode();
        List<String> warnings = new ArrayList<>();
        Map<String, String> missing = new LinkedHashMap<>();
        boolean medications = false;
        ObjectNode prefetch = request.prefetch();
        for (Map.Entry<String, String> template : Services.PREFETCH.entrySet()) {
            String key = template.getKey();
            JsonNode value = prefetch == null ? null : prefetch.get(key);
            if (value == null) {
                missing.put(key, fill(template.getValue(), request));
                continue;
            }
            if (key.equals("medications")) {
                medications = true; // the client answered the query: the list is complete, maybe empty
            }
            if (value.isNull()) {
                continue; // no data of this kind
            }
            noteMorePages(key, value, warnings);
            data.set(key, value);
        }
        if (!missing.isEmpty()) {
            String why = whyNoFetch(request);
            Map<String, FhirFetcher.Result> fetched = why == null
                    ? fetcher.fetch(request.fhirServer(), request.fhirAuthorization().accessToken(), missing)
                    : Map.of();
            List<HttpProblem.Issue> issues = new ArrayList<>();
            for (String key : missing.keySet()) {
                FhirFetcher.Result r = fetched.get(key);
                if (r != null && r.ok()) {
                    if (key.equals("medications")) {
                        medications = true;
                    }
                    noteMorePages(key, r.resource(), warnings);
                    data.set(key, r.resource());
                    continue;
                }
                String problem = r != null ? r.problem() : why;
                if (r != null && key.equals("patient") && problem.endsWith("HTTP 404")) {
                    problem = "the patient was not found on the FHIR server";
                }
                if (Services.REQUIRED.contains(key)) {
                    issues.add(new HttpProblem.Issue("processing", "Cannot evaluate: prefetch key '" + key + "' ("
                            + Services.describe(key) + ") was not provided and " + problem + ".",
                            "prefetch." + key));
                } else {
                    warnings.add("Not available: " + Services.describe(key) + " (prefetch key '" + key + "'; "
                            + problem + ").");
                }
            }
            if (!issues.isEmpty()) {
                throw new HttpProblem(412, issues);
            }
        }
        return new Resolved(data, medications, warnings);
    }

    /** Why the service cannot read from the FHIR server, or {@code null} when it can. */
    private String whyNoFetch(HookRequest request) {
        if (request.fhirServer() == null || request.fhirAuthorization() == null) {
            return "the request has no fhirServer with fhirAuthorization to read it from";
        }
        if (!fetcher.allowed(request.fhirServer())) {
            return "this service is not configured to read from that fhirServer";
        }
        return null;
    }

    private static void noteMorePages(String key, JsonNode value, List<String> warnings) {
        if ("Bundle".equals(value.path("resourceType").asText())) {
            for (JsonNode link : value.path("link")) {
                if ("next".equals(link.path("relation").asText())) {
                    warnings.add("Only the first page of " + Services.describe(key) + " was read (prefetch key '"
                            + key + "' has more pages).");
                    return;
                }
            }
        }
    }

    /** Replaces the prefetch tokens of a template with the request's context values, URL-encoded: a relative FHIR URL. */
    static String fill(String template, HookRequest request) {
        String out = template;
        int start;
        while ((start = out.indexOf("{{")) >= 0) {
            int end = out.indexOf("}}", start);
            if (end < 0) {
                break;
            }
            String token = out.substring(start + 2, end).trim();
            String value = "";
            if (token.startsWith("context.")) {
                JsonNode v = request.context().get(token.substring("context.".length()));
                value = v != null && v.isValueNode() ? v.asText() : "";
            }
            out = out.substring(0, start) + URLEncoder.encode(value, StandardCharsets.UTF_8) + out.substring(end + 2);
        }
        return out.replace("|", "%7C"); // the token-search separator is not legal in a URI as is
    }
}
