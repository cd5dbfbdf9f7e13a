package org.facialcds.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Builds CDS Hooks requests for tests from the FHIR example bundles (examples/fhir). */
final class Requests {

    private Requests() {
    }

    /** The bundle's resources as our prefetch keys (searchset bundles; keys with no data are null). */
    static ObjectNode prefetch(Path bundle) {
        JsonNode b = Http.readJson(bundle);
        // as an EHR's FHIR server would answer: references "Patient/id", not the bundle's urn:uuid full URLs
        for (JsonNode entry : b.path("entry")) {
            if (entry.path("resource").path("resourceType").asText().equals("Patient") && entry.has("fullUrl")) {
                String text = b.toString().replace("\"" + entry.get("fullUrl").asText() + "\"",
                        "\"Patient/" + entry.path("resource").path("id").asText() + "\"");
                try {
                    b = Http.JSON.readTree(text);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                break;
            }
        }
        Map<String, ArrayNode> byKey = new LinkedHashMap<>();
        ObjectNode prefetch = Http.JSON.createObjectNode();
        for (JsonNode entry : b.path("entry")) {
            JsonNode r = entry.path("resource");
            String type = r.path("resourceType").asText();
            if (type.equals("Patient")) {
                prefetch.set("patient", r);
                continue;
            }
            String key = switch (type) {
                case "QuestionnaireResponse" -> "assessment";
                case "Condition" -> "conditions";
                case "MedicationRequest", "MedicationStatement" -> "medications";
                case "Observation" -> {
                    String code = r.path("code").path("coding").path(0).path("code").asText();
                    yield code.equals("82810-3") || code.equals("63895-7") ? "pregnancy" : "egfr";
                }
                case "ImagingStudy" -> "imaging";
                case "DiagnosticReport" -> "reports";
                case "AllergyIntolerance" -> "allergies";
                case "Procedure" -> "procedures";
                case "Device" -> "devices";
                default -> null;
            };
            if (key != null) {
                byKey.computeIfAbsent(key, k -> Http.JSON.createArrayNode()).add(entry.deepCopy());
            }
        }
        for (String key : Services.PREFETCH.keySet()) {
            if (key.equals("patient")) {
                continue;
            }
            ArrayNode entries = byKey.get(key);
            if (entries == null) {
                prefetch.putNull(key);
            } else {
                ObjectNode searchset = prefetch.putObject(key);
                searchset.put("resourceType", "Bundle");
                searchset.put("type", "searchset");
                searchset.put("total", entries.size());
                searchset.set("entry", entries);
            }
        }
        if (!prefetch.has("medications") || prefetch.get("medications").isNull()) {
            // the example bundles list every medication: an empty search result, not "unknown"
            ObjectNode empty = prefetch.putObject("medications");
            empty.put("resourceType", "Bundle");
            empty.put("type", "searchset");
            empty.put("total", 0);
        }
        return prefetch;
    }

    /** A hook request about the bundle's patient, with optional draft orders (all selected). */
    static ObjectNode request(String hook, Path bundle, JsonNode... drafts) {
        ObjectNode prefetch = prefetch(bundle);
        String patientId = prefetch.path("patient").path("id").asText();
        ObjectNode request = Http.JSON.createObjectNode();
        request.put("hook", hook);
        request.put("hookInstance", UUID.randomUUID().toString());
        ObjectNode context = request.putObject("context");
        context.put("userId", "Practitioner/test");
        context.put("patientId", patientId);
        if (!hook.equals(HookRequest.PATIENT_VIEW)) {
            ArrayNode selections = context.putArray("selections");
            ObjectNode bundleNode = context.putObject("draftOrders");
            bundleNode.put("resourceType", "Bundle");
            bundleNode.put("type", "collection");
            ArrayNode entries = bundleNode.putArray("entry");
            for (JsonNode d : drafts) {
                entries.addObject().set("resource", d);
                selections.add(d.path("resourceType").asText() + "/" + d.path("id").asText());
            }
            if (hook.equals(HookRequest.ORDER_SIGN)) {
                context.remove("selections");
            }
        }
        request.set("prefetch", prefetch);
        return request;
    }

    /** A draft ServiceRequest with one CPT code. */
    static ObjectNode serviceRequest(String id, String cpt, String text, String patientId) {
        ObjectNode sr = Http.JSON.createObjectNode();
        sr.put("resourceType", "ServiceRequest");
        sr.put("id", id);
        sr.put("status", "draft");
        sr.put("intent", "order");
        ObjectNode code = sr.putObject("code");
        code.putArray("coding").addObject().put("system", "http://www.ama-assn.org/go/cpt").put("code", cpt);
        code.put("text", text);
        sr.putObject("subject").put("reference", "Patient/" + patientId);
        return sr;
    }

    /** A draft MedicationRequest with an RxNorm code. */
    static ObjectNode medicationRequest(String id, String rxnorm, String text, String patientId) {
        ObjectNode mr = Http.JSON.createObjectNode();
        mr.put("resourceType", "MedicationRequest");
        mr.put("id", id);
        mr.put("status", "draft");
        mr.put("intent", "order");
        ObjectNode code = mr.putObject("medicationCodeableConcept");
        if (rxnorm != null) {
            code.putArray("coding").addObject().put("system", "http://www.nlm.nih.gov/research/umls/rxnorm")
                    .put("code", rxnorm).put("display", text);
        }
        code.put("text", text);
        mr.putObject("subject").put("reference", "Patient/" + patientId);
        return mr;
    }
}
