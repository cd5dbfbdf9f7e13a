package org.facialcds.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.facialcds.facts.DrugClass;
import org.facialcds.terminology.Terminology;

/**
 * Finds the draft orders this service has advice for in a hook's {@code draftOrders} Bundle: MedicationRequests
 * for a benzodiazepine, an anticholinergic, baclofen or botulinum toxin (RxNorm codes and names through the
 * terminology), and ServiceRequests for a brain MRI or head CT (the imaging rows of {@code fhir-codes.tsv}).
 * Everything else (diets, antibiotics, DSTU2 MedicationOrders …) is none of its business and ignored.
 */
final class DraftOrders {

    static final String CPT = "http://www.ama-assn.org/go/cpt";
    static final String LOINC = "http://loinc.org";
    static final String SNOMED = "http://snomed.info/sct";
    static final String HCPCS = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";

    /** Botulinum toxin products: no RxNorm ingredient code is listed for them (terminology-codes.md), so names. */
    private static final Pattern TOXIN = Pattern.compile(
            "botulinum|botox|dysport|xeomin|myobloc|daxxify|letybo|(ona|abo|inco|rima|daxi|leti|prabo)botulinumtoxin",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> TOXIN_HCPCS = Set.of("J0585", "J0586", "J0587", "J0588");
    private static final Map<String, String> SYSTEM_ALIASES = Map.of(
            "urn:oid:2.16.840.1.113883.6.12", CPT,
            "urn:oid:2.16.840.1.113883.6.1", LOINC,
            "urn:oid:2.16.840.1.113883.6.96", SNOMED,
            "urn:oid:2.16.840.1.113883.6.285", HCPCS,
            "urn:oid:2.16.840.1.113883.6.14", HCPCS);

    /** Imaging order codes: system|code → modality and contrast. */
    private record Imaging(DraftOrder.Kind modality, DraftOrder.Contrast contrast) {
    }

    private static final Map<String, Imaging> IMAGING = loadImaging();

    private DraftOrders() {
    }

    /**
     * The orders to advise on: for {@code order-select} only the selected ones (the hook's focus), for
     * {@code order-sign} every draft order.
     */
    static List<DraftOrder> relevant(HookRequest request) {
        List<DraftOrder> out = new ArrayList<>();
        JsonNode entries = request.draftOrders().path("entry");
        for (JsonNode entry : entries) {
            JsonNode resource = entry.path("resource");
            if (!resource.isObject()) {
                continue;
            }
            String type = resource.path("resourceType").asText();
            String id = resource.path("id").asText(null);
            String reference = type + "/" + (id == null ? "" : id);
            if (request.hook().equals(HookRequest.ORDER_SELECT) && !request.selections().contains(reference)) {
                continue;
            }
            DraftOrder order = switch (type) {
                case "MedicationRequest" -> medication((ObjectNode) resource, reference, id);
                case "ServiceRequest" -> imaging((ObjectNode) resource, reference, id);
                default -> null;
            };
            if (order != null && id != null) {
                out.add(order);
            }
        }
        return out;
    }

    private static DraftOrder medication(ObjectNode resource, String reference, String id) {
        JsonNode concept = resource.path("medicationCodeableConcept");
        if (concept.isMissingNode()) {
            concept = containedMedication(resource);
        }
        String display = display(concept, resource.path("medicationReference").path("display").asText(null));
        Terminology terms = Terminology.bundled();
        List<String[]> codings = codings(concept);
        String rxSystem = null;
        String rxCode = null;
        boolean benzo = false;
        boolean anticholinergic = false;
        boolean baclofen = false;
        boolean toxin = display != null && TOXIN.matcher(display).find();
        for (String[] c : codings) {
            Set<DrugClass> classes = terms.drugClasses(c[0], c[1], c[2]);
            benzo |= classes.contains(DrugClass.BENZODIAZEPINE);
            anticholinergic |= classes.contains(DrugClass.ANTICHOLINERGIC);
            baclofen |= terms.ingredient(c[0], c[1], c[2]).map(i -> i.contains("baclofen")).orElse(false);
            toxin |= (HCPCS.equals(c[0]) && TOXIN_HCPCS.contains(c[1])) || (c[2] != null && TOXIN.matcher(c[2]).find());
            if (rxCode == null && Terminology.RXNORM.equals(c[0])) {
                rxSystem = c[0];
                rxCode = c[1];
            }
        }
        if (display != null) {
            Set<DrugClass> classes = terms.drugClasses(null, null, display);
            benzo |= classes.contains(DrugClass.BENZODIAZEPINE);
            anticholinergic |= classes.contains(DrugClass.ANTICHOLINERGIC);
            baclofen |= terms.ingredient(null, null, display).map(i -> i.contains("baclofen")).orElse(false);
        }
        DraftOrder.Kind kind = toxin ? DraftOrder.Kind.BOTULINUM_TOXIN
                : benzo ? DraftOrder.Kind.BENZODIAZEPINE
                : anticholinergic ? DraftOrder.Kind.ANTICHOLINERGIC
                : baclofen ? DraftOrder.Kind.BACLOFEN
                : null;
        if (kind == null) {
            return null;
        }
        return new DraftOrder(reference, "MedicationRequest", id, kind, display == null ? kind.name().toLowerCase(
                Locale.ROOT) : display, rxSystem, rxCode, null, resource);
    }

    private static DraftOrder imaging(ObjectNode resource, String reference, String id) {
        JsonNode concept = resource.path("code");
        String display = display(concept, null);
        for (String[] c : codings(concept)) {
            Imaging imaging = IMAGING.get(c[0] + "|" + c[1]);
            if (imaging != null) {
                return new DraftOrder(reference, "ServiceRequest", id, imaging.modality(), display == null
                        ? imaging.modality().name() : display, c[0], c[1], imaging.contrast(), resource);
            }
        }
        if (display == null) {
            return null;
        }
        String text = " " + display.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ") + " ";
        boolean head = text.contains(" brain ") || text.contains(" head ") || text.contains(" iac ")
                || text.contains(" internal auditory ") || text.contains(" posterior fossa ");
        DraftOrder.Kind modality = text.contains(" mri ") || text.contains(" mra ") || text.contains(" magnetic resonance ")
                ? DraftOrder.Kind.MRI
                : text.contains(" ct ") || text.contains(" computed tomography ") ? DraftOrder.Kind.CT : null;
        if (modality == null || !head) {
            return null;
        }
        DraftOrder.Contrast contrast = text.contains(" without and with ") || text.contains(" with and without ")
                || text.contains(" wo and w ") || text.contains(" wo w ")
                ? DraftOrder.Contrast.WITHOUT_THEN_WITH
                : text.contains(" without ") || text.contains(" wo ") ? DraftOrder.Contrast.WITHOUT
                : text.contains(" with contrast ") || text.contains(" gadolinium ") || text.contains(" w contrast ")
                ? DraftOrder.Contrast.WITH : DraftOrder.Contrast.UNKNOWN;
        return new DraftOrder(reference, "ServiceRequest", id, modality, display, null, null, contrast, resource);
    }

    private static JsonNode containedMedication(ObjectNode resource) {
        String ref = resource.path("medicationReference").path("reference").asText("");
        if (ref.startsWith("#")) {
            for (JsonNode contained : resource.path("contained")) {
                if ("Medication".equals(contained.path("resourceType").asText())
                        && ref.substring(1).equals(contained.path("id").asText())) {
                    return contained.path("code");
                }
            }
        }
        return resource.path("medicationCodeableConcept");
    }

    /** Each coding as {system (canonical), code, display}. */
    private static List<String[]> codings(JsonNode concept) {
        List<String[]> out = new ArrayList<>();
        for (JsonNode c : concept.path("coding")) {
            String system = canonical(c.path("system").asText(null));
            String code = c.path("code").asText(null);
            if (code != null) {
                out.add(new String[] {system, code.strip(), c.path("display").asText(null)});
            }
        }
        return out;
    }

    private static String display(JsonNode concept, String fallback) {
        String text = concept.path("text").asText(null);
        if (text != null && !text.isBlank()) {
            return text.strip();
        }
        for (JsonNode c : concept.path("coding")) {
            String d = c.path("display").asText(null);
            if (d != null && !d.isBlank()) {
                return d.strip();
            }
        }
        return fallback;
    }

    static String canonical(String system) {
        if (system == null) {
            return null;
        }
        String s = system.strip();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return SYSTEM_ALIASES.getOrDefault(s, s);
    }

    /** The IMAGING rows of the FHIR mapping's code table, so both read the same codes. */
    private static Map<String, Imaging> loadImaging() {
        String file = "/org/facialcds/terminology/fhir-codes.tsv";
        Map<String, Imaging> map = new HashMap<>();
        try (InputStream in = DraftOrders.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException(file + " is not on the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#") || line.startsWith("system\t")) {
                    continue;
                }
                String[] cols = line.split("\t");
                if (cols.length < 4 || !cols[2].equals("IMAGING")) {
                    continue;
                }
                String[] value = cols[3].split("/");
                DraftOrder.Kind modality = value[0].equals("MRI") ? DraftOrder.Kind.MRI
                        : value[0].equals("CT") ? DraftOrder.Kind.CT : null;
                if (modality == null) {
                    continue;
                }
                DraftOrder.Contrast contrast = value.length < 2 ? DraftOrder.Contrast.UNKNOWN : switch (value[1]) {
                    case "WO" -> DraftOrder.Contrast.WITHOUT;
                    case "W" -> DraftOrder.Contrast.WITH;
                    case "WO+W" -> DraftOrder.Contrast.WITHOUT_THEN_WITH;
                    default -> DraftOrder.Contrast.UNKNOWN;
                };
                map.put(canonical(cols[0]) + "|" + cols[1].strip(), new Imaging(modality, contrast));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        return Map.copyOf(map);
    }
}
