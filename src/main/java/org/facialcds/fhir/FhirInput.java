package org.facialcds.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ScalarType;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ValueType;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;

/**
 * Reads the input text: its form (resource, Bundle, prefetch object, CDS Hooks request), a check that it is
 * not DSTU2 / STU3, then HAPI FHIR's R4 parser with an error handler that turns what it drops into warnings.
 */
final class FhirInput {

    /** What was read: the top-level resources (bundles not yet opened) and the parser's warnings. */
    record Parsed(List<Resource> resources, List<String> parserWarnings, String contextPatientId) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXPECTED = "expected a FHIR R4 resource or Bundle (a JSON object with \"resourceType\"),"
            + " or a CDS Hooks prefetch object whose values are such resources";
    private static final Pattern UNKNOWN_TYPE = Pattern.compile("Unknown resource name \"([^\"]+)\"");
    private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"");

    /** Resource types of DSTU2 / STU3 that R4 does not have, with the version that had them. */
    private static final Map<String, String> PRE_R4_TYPES = Map.ofEntries(
            Map.entry("MedicationOrder", "DSTU2"), Map.entry("DiagnosticOrder", "DSTU2"),
            Map.entry("DeviceUseRequest", "DSTU2"), Map.entry("Order", "DSTU2"),
            Map.entry("OrderResponse", "DSTU2"), Map.entry("Conformance", "DSTU2"),
            Map.entry("ImagingObjectSelection", "DSTU2"), Map.entry("ProcedureRequest", "STU3"),
            Map.entry("ReferralRequest", "STU3"), Map.entry("BodySite", "STU3"),
            Map.entry("DataElement", "STU3"), Map.entry("ImagingManifest", "STU3"),
            Map.entry("DeviceComponent", "STU3"), Map.entry("Sequence", "STU3"),
            Map.entry("ServiceDefinition", "STU3"), Map.entry("ExpansionProfile", "STU3"),
            Map.entry("ProcessRequest", "DSTU2/STU3"), Map.entry("ProcessResponse", "DSTU2/STU3"),
            Map.entry("EligibilityRequest", "DSTU2/STU3"), Map.entry("EligibilityResponse", "DSTU2/STU3"));

    /** Elements that only DSTU2 / STU3 have on a resource R4 also has: type → element → version (and R4's name). */
    private static final Map<String, Map<String, String>> PRE_R4_ELEMENTS = Map.ofEntries(
            Map.entry("Condition", Map.of("patient", "DSTU2 (R4: subject)", "dateRecorded", "DSTU2 (R4: recordedDate)",
                    "assertedDate", "STU3 (R4: recordedDate)", "context", "STU3 (R4: encounter)")),
            Map.entry("AllergyIntolerance", Map.of("substance", "DSTU2 (R4: code)", "status", "DSTU2",
                    "assertedDate", "STU3 (R4: recordedDate)")),
            Map.entry("MedicationRequest", Map.of("context", "STU3 (R4: encounter)", "definition", "STU3")),
            Map.entry("MedicationStatement", Map.of("patient", "DSTU2 (R4: subject)", "wasNotTaken", "DSTU2",
                    "taken", "STU3")),
            Map.entry("Observation", Map.of("context", "STU3 (R4: encounter)", "comments", "DSTU2 (R4: note)")),
            Map.entry("DiagnosticReport", Map.of("request", "DSTU2 (R4: basedOn)", "context", "STU3 (R4: encounter)",
                    "codedDiagnosis", "STU3 (R4: conclusionCode)", "image", "DSTU2/STU3 (R4: media)")),
            Map.entry("Procedure", Map.of("context", "STU3 (R4: encounter)", "notPerformed", "DSTU2",
                    "notDone", "STU3", "definition", "STU3")),
            Map.entry("ImagingStudy", Map.of("uid", "DSTU2/STU3", "modalityList", "DSTU2/STU3 (R4: modality)",
                    "availability", "STU3", "context", "STU3 (R4: encounter)")),
            Map.entry("Patient", Map.of("animal", "DSTU2/STU3")),
            Map.entry("Device", Map.of("model", "DSTU2/STU3 (R4: modelNumber)", "udi", "DSTU2/STU3 (R4: udiCarrier)")),
            Map.entry("Encounter", Map.of("patient", "DSTU2 (R4: subject)")));

    /** Elements whose JSON type changed in R4: a string there means DSTU2 / STU3. */
    private static final Map<String, Set<String>> CODED_IN_R4 = Map.of(
            "Condition", Set.of("clinicalStatus", "verificationStatus"),
            "AllergyIntolerance", Set.of("clinicalStatus", "verificationStatus"));

    private FhirInput() {
    }

    static Parsed read(String json, FhirContext context) {
        JsonNode root;
        try {
            root = JSON.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr();
            throw new FhirMappingException(FhirMappingException.NOT_FHIR, "malformed JSON" + where + "; " + EXPECTED);
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw new FhirMappingException(FhirMappingException.NOT_FHIR, "not a JSON object; " + EXPECTED);
        }
        List<JsonNode> tops = new ArrayList<>();
        String contextPatientId = null;
        if (root.has("resourceType")) {
            if (!root.get("resourceType").isTextual()) {
                throw new FhirMappingException(FhirMappingException.NOT_FHIR, "\"resourceType\" is not a string; "
                        + EXPECTED);
            }
            tops.add(root);
        } else {
            JsonNode prefetch = root.get("prefetch");
            JsonNode hookContext = root.get("context");
            boolean request = root.has("hook") || (prefetch != null && prefetch.isObject())
                    || (hookContext != null && hookContext.isObject());
            if (request) {
                if (prefetch != null && prefetch.isObject()) {
                    collectResources(prefetch, tops);
                }
                if (hookContext != null && hookContext.isObject()) {
                    collectResources(hookContext, tops);
                    JsonNode pid = hookContext.get("patientId");
                    contextPatientId = pid != null && pid.isTextual() ? pid.asText() : null;
                }
            } else {
                Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
                while (fields.hasNext()) {
                    JsonNode value = fields.next().getValue();
                    if (value.isNull()) {
                        continue; // prefetch allows null: the client could not fetch it
                    }
                    if (!value.isObject() || !value.path("resourceType").isTextual()) {
                        throw new FhirMappingException(FhirMappingException.NOT_FHIR,
                                "a JSON object without \"resourceType\" whose values are not all FHIR resources; "
                                        + EXPECTED);
                    }
                    tops.add(value);
                }
            }
            if (tops.isEmpty()) {
                throw new FhirMappingException(FhirMappingException.NOT_FHIR,
                        "no FHIR resource found (no \"resourceType\" at the top, nor in a prefetch); " + EXPECTED);
            }
        }
        for (JsonNode top : tops) {
            checkR4(top, "$");
        }
        Handler handler = new Handler();
        List<Resource> resources = new ArrayList<>();
        for (JsonNode top : tops) {
            resources.add(parse(top, context, handler));
        }
        return new Parsed(resources, handler.warnings(), contextPatientId);
    }

    /** The values of a prefetch or context object that are resources (others, e.g. ids, are skipped). */
    private static void collectResources(JsonNode object, List<JsonNode> into) {
        Iterator<JsonNode> values = object.elements();
        while (values.hasNext()) {
            JsonNode value = values.next();
            if (value.isObject() && value.path("resourceType").isTextual()) {
                into.add(value);
            }
        }
    }

    private static Resource parse(JsonNode node, FhirContext context, Handler handler) {
        IParser parser = context.newJsonParser();
        parser.setParserErrorHandler(handler);
        IBaseResource parsed;
        try {
            parsed = parser.parseResource(node.toString());
        } catch (DataFormatException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            Matcher unknown = UNKNOWN_TYPE.matcher(message);
            if (unknown.find()) {
                throw new FhirMappingException(FhirMappingException.NOT_R4, "resource type \"" + unknown.group(1)
                        + "\" is not in FHIR R4; expected FHIR R4 resources");
            }
            throw new FhirMappingException(FhirMappingException.INVALID_RESOURCE, "a "
                    + node.path("resourceType").asText() + " that HAPI FHIR cannot read as R4 ("
                    + scrub(message) + "); expected a valid FHIR R4 resource");
        } catch (RuntimeException e) {
            throw new FhirMappingException(FhirMappingException.INVALID_RESOURCE, "a "
                    + node.path("resourceType").asText() + " that HAPI FHIR cannot read as R4 ("
                    + e.getClass().getSimpleName() + "); expected a valid FHIR R4 resource");
        }
        if (!(parsed instanceof Resource resource)) {
            throw new FhirMappingException(FhirMappingException.INVALID_RESOURCE,
                    "expected a FHIR R4 resource; got " + parsed.getClass().getSimpleName());
        }
        return resource;
    }

    /** A parser message without the values it quotes (they may be patient data), cut short. */
    static String scrub(String message) {
        String s = QUOTED.matcher(message).replaceAll("\"…\"").replaceAll("\\s+", " ").strip();
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    // ---------------------------------------------------------------- DSTU2 / STU3

    private static void checkR4(JsonNode resource, String path) {
        String type = resource.path("resourceType").asText();
        String here = path + "(" + type + ")";
        String version = PRE_R4_TYPES.get(type);
        if (version != null) {
            throw notR4(here, "resource type " + type + " is " + version + " only");
        }
        if (resource.path("fhirVersion").isTextual()) {
            String v = resource.get("fhirVersion").asText();
            if (!v.startsWith("4.0")) {
                throw notR4(here, "fhirVersion " + v);
            }
        }
        for (JsonNode profile : resource.path("meta").path("profile")) {
            String p = profile.asText();
            if (p.contains("/DSTU2/") || p.contains("/STU3/") || p.contains("/fhir/1.0") || p.contains("/fhir/3.0")) {
                throw notR4(here, "meta.profile " + p);
            }
        }
        Map<String, String> elements = PRE_R4_ELEMENTS.getOrDefault(type, Map.of());
        for (Map.Entry<String, String> e : elements.entrySet()) {
            if (resource.has(e.getKey())) {
                throw notR4(here, "element " + type + "." + e.getKey() + " is " + e.getValue());
            }
        }
        for (String coded : CODED_IN_R4.getOrDefault(type, Set.of())) {
            if (resource.path(coded).isTextual()) {
                throw notR4(here, type + "." + coded + " is a string (DSTU2/STU3); R4 has a CodeableConcept");
            }
        }
        if ("MedicationRequest".equals(type) && resource.path("requester").has("agent")) {
            throw notR4(here, "element MedicationRequest.requester.agent is STU3 (R4: requester)");
        }
        for (String dosage : List.of("dosageInstruction", "dosage")) {
            for (JsonNode d : resource.path(dosage)) {
                for (String old : List.of("doseQuantity", "doseRange", "rateQuantity", "rateRatio", "rateRange")) {
                    if (d.has(old)) {
                        throw notR4(here, "element " + type + "." + dosage + "." + old
                                + " is STU3 (R4: doseAndRate)");
                    }
                }
            }
        }
        if ("QuestionnaireResponse".equals(type) && resource.path("questionnaire").isObject()) {
            throw notR4(here, "QuestionnaireResponse.questionnaire is a Reference (STU3); R4 has a canonical URL");
        }
        for (JsonNode contained : resource.path("contained")) {
            checkR4(contained, here + ".contained");
        }
        int i = 0;
        for (JsonNode entry : resource.path("entry")) {
            if (entry.path("resource").isObject()) {
                checkR4(entry.get("resource"), here + ".entry[" + i + "].resource");
            }
            JsonNode outcome = entry.path("response").path("outcome");
            if (outcome.isObject()) {
                checkR4(outcome, here + ".entry[" + i + "].response.outcome");
            }
            i++;
        }
    }

    private static FhirMappingException notR4(String where, String what) {
        return new FhirMappingException(FhirMappingException.NOT_R4, where + ": " + what
                + "; this looks like FHIR DSTU2 or STU3, expected FHIR R4 (4.0.x)");
    }

    // ---------------------------------------------------------------- parser problems

    /** Turns what the lenient R4 parser drops into warnings, without the values (they may be patient data). */
    private static final class Handler implements IParserErrorHandler {

        private final Set<String> warnings = new LinkedHashSet<>();

        List<String> warnings() {
            return List.copyOf(warnings);
        }

        @Override
        public void unknownElement(IParseLocation location, String name) {
            warnings.add("FHIR parser: unknown element \"" + name + "\" ignored (not in FHIR R4)");
        }

        @Override
        public void unknownAttribute(IParseLocation location, String name) {
            warnings.add("FHIR parser: unknown attribute \"" + name + "\" ignored");
        }

        @Override
        public void incorrectJsonType(IParseLocation location, String name, ValueType expected,
                ScalarType expectedScalar, ValueType found, ScalarType foundScalar) {
            warnings.add("FHIR parser: element \"" + name + "\" has the wrong JSON type (expected " + expected
                    + ", found " + found + "); ignored");
        }

        @Override
        public void invalidValue(IParseLocation location, String value, String error) {
            warnings.add("FHIR parser: an invalid value was ignored ("
                    + scrub(error == null ? "invalid" : error) + ")");
        }

        @Override
        public void missingRequiredElement(IParseLocation location, String name) {
            // required-element checks are validation, not parsing: the mapping reads what is there
        }

        @Override
        public void unexpectedRepeatingElement(IParseLocation location, String name) {
            warnings.add("FHIR parser: element \"" + name + "\" repeats where R4 allows one; only one was kept");
        }

        @Override
        public void unknownReference(IParseLocation location, String reference) {
            warnings.add("FHIR parser: a reference to a contained resource that is not there was ignored");
        }

        @Override
        public void invalidInternalReference(IParseLocation location, String reference) {
            warnings.add("FHIR parser: an invalid internal reference was ignored");
        }

        @Override
        public void containedResourceWithNoId(IParseLocation location) {
            warnings.add("FHIR parser: a contained resource without an id was ignored");
        }

        @Override
        public void extensionContainsValueAndNestedExtensions(IParseLocation location) {
            // extensions are not read by the mapping
        }
    }
}
