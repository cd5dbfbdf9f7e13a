package org.facialcds.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * A CDS Hooks request, decoded and checked against the spec (2.0 "Calling a CDS Service") and the hook's
 * context: {@code hook}, {@code hookInstance} and {@code context} required; {@code fhirServer} required
 * with {@code fhirAuthorization}; {@code prefetch} values are resources, bundles or {@code null} (no data).
 */
record HookRequest(
        String hook,
        String hookInstance,
        String fhirServer,
        FhirAuthorization fhirAuthorization,
        ObjectNode context,
        ObjectNode prefetch,
        String patientId,
        String userId,
        List<String> selections,
        ObjectNode draftOrders) {

    /** The OAuth 2.0 bearer token the client lends for FHIR reads. */
    record FhirAuthorization(String accessToken, String tokenType, long expiresIn, String scope, String subject) {

        @Override
        public String toString() {
            return "FhirAuthorization[token hidden, scope=" + scope + "]"; // never print the token
        }
    }

    static final String PATIENT_VIEW = "patient-view";
    static final String ORDER_SELECT = "order-select";
    static final String ORDER_SIGN = "order-sign";

    /**
     * Decodes the body for a service that answers {@code expectedHook}.
     *
     * @throws HttpProblem 400 naming the first problem's JSON path
     */
    static HookRequest decode(JsonNode body, String expectedHook) {
        if (body == null || !body.isObject()) {
            throw HttpProblem.badRequest("the request body must be a JSON object (a CDS Hooks request)", "$");
        }
        String hook = requiredText(body, "hook", "$.hook");
        if (!hook.equals(expectedHook)) {
            throw HttpProblem.badRequest("this service answers the '" + expectedHook + "' hook; the request is for '"
                    + hook + "'", "$.hook");
        }
        String hookInstance = requiredText(body, "hookInstance", "$.hookInstance");
        String fhirServer = optionalText(body, "fhirServer", "$.fhirServer");
        if (fhirServer != null) {
            checkUrl(fhirServer);
        }
        FhirAuthorization auth = authorization(body.get("fhirAuthorization"));
        if (auth != null && fhirServer == null) {
            throw HttpProblem.badRequest("fhirServer is required when fhirAuthorization is given", "$.fhirServer");
        }
        JsonNode context = body.get("context");
        if (context == null || !context.isObject()) {
            throw HttpProblem.badRequest("context is required and must be an object", "$.context");
        }
        JsonNode prefetch = body.get("prefetch");
        if (prefetch != null && !prefetch.isNull() && !prefetch.isObject()) {
            throw HttpProblem.badRequest("prefetch must be an object of prefetch keys", "$.prefetch");
        }
        if (prefetch != null && prefetch.isObject()) {
            prefetch.properties().forEach(e -> {
                JsonNode v = e.getValue();
                if (!Services.PREFETCH.containsKey(e.getKey())) {
                    return; // not a key this service asked for: not its business (e.g. another service's "user")
                }
                if (!v.isNull() && !(v.isObject() && v.path("resourceType").isTextual())) {
                    throw HttpProblem.badRequest("prefetch value '" + e.getKey()
                            + "' must be a FHIR resource or Bundle, or null when there is no data",
                            "$.prefetch." + e.getKey());
                }
            });
        }
        JsonNode extension = body.get("extension");
        if (extension != null && !extension.isObject()) {
            throw HttpProblem.badRequest("extension must be a JSON object", "$.extension");
        }
        String userId = requiredText(context, "userId", "$.context.userId");
        String patientId = requiredText(context, "patientId", "$.context.patientId");
        List<String> selections = List.of();
        ObjectNode draftOrders = null;
        if (hook.equals(ORDER_SELECT) || hook.equals(ORDER_SIGN)) {
            JsonNode drafts = context.get("draftOrders");
            if (drafts == null || !drafts.isObject() || !"Bundle".equals(drafts.path("resourceType").asText())) {
                throw HttpProblem.badRequest("context.draftOrders is required and must be a FHIR Bundle",
                        "$.context.draftOrders");
            }
            draftOrders = (ObjectNode) drafts;
        }
        if (hook.equals(ORDER_SELECT)) {
            JsonNode list = context.get("selections");
            if (list == null || !list.isArray() || list.isEmpty()) {
                throw HttpProblem.badRequest("context.selections is required: the references of the selected orders",
                        "$.context.selections");
            }
            List<String> refs = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (!list.get(i).isTextual() || list.get(i).asText().isBlank()) {
                    throw HttpProblem.badRequest("each selection must be a reference such as 'MedicationRequest/123'",
                            "$.context.selections[" + i + "]");
                }
                refs.add(list.get(i).asText());
            }
            selections = List.copyOf(refs);
        }
        return new HookRequest(hook, hookInstance, fhirServer, auth, (ObjectNode) context,
                prefetch != null && prefetch.isObject() ? (ObjectNode) prefetch : null, patientId, userId, selections,
                draftOrders);
    }

    private static FhirAuthorization authorization(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw HttpProblem.badRequest("fhirAuthorization must be an object", "$.fhirAuthorization");
        }
        String token = requiredText(node, "access_token", "$.fhirAuthorization.access_token");
        String type = requiredText(node, "token_type", "$.fhirAuthorization.token_type");
        if (!type.equalsIgnoreCase("Bearer")) {
            throw HttpProblem.badRequest("fhirAuthorization.token_type must be 'Bearer'", "$.fhirAuthorization.token_type");
        }
        JsonNode expires = node.get("expires_in");
        if (expires == null || !expires.canConvertToLong() || !expires.isIntegralNumber()) {
            throw HttpProblem.badRequest("fhirAuthorization.expires_in is required: an integer number of seconds",
                    "$.fhirAuthorization.expires_in");
        }
        String scope = requiredText(node, "scope", "$.fhirAuthorization.scope");
        String subject = requiredText(node, "subject", "$.fhirAuthorization.subject");
        return new FhirAuthorization(token, type, expires.asLong(), scope, subject);
    }

    private static void checkUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                throw HttpProblem.badRequest("fhirServer must be an absolute http(s) URL", "$.fhirServer");
            }
        } catch (URISyntaxException e) {
            throw HttpProblem.badRequest("fhirServer must be an absolute http(s) URL", "$.fhirServer");
        }
    }

    private static String requiredText(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw HttpProblem.badRequest(path.substring(2) + " is required and must be a non-empty string", path);
        }
        return v.asText();
    }

    private static String optionalText(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw HttpProblem.badRequest(path.substring(2) + " must be a non-empty string", path);
        }
        return v.asText();
    }
}
