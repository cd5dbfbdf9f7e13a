package org.facialcds.fhir;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The resources of one input, bundles opened: lookup by reference (bundle fullUrl, {@code Type/id},
 * absolute URL, contained {@code #id}) and the choice of the patient to map.
 */
final class Resources {

    /** One resource and the fullUrl of its bundle entry (may be null). */
    record Item(Resource resource, String fullUrl) {

        String type() {
            return resource.fhirType();
        }

        /** {@code Type/id}, or null when the resource has no id. */
        String key() {
            String id = resource.getIdElement().getIdPart();
            return id == null || id.isBlank() ? null : type() + "/" + id;
        }
    }

    /** The chosen patient (may be absent) and which resources are about that patient. */
    final class Selection {

        private final Item patient;
        private final String patientKey;

        private Selection(Item patient, String patientKey) {
            this.patient = patient;
            this.patientKey = patientKey;
        }

        /** The Patient resource, or null when the input has none. */
        Patient patient() {
            return patient == null ? null : (Patient) patient.resource();
        }

        /** Whether this resource is about the chosen patient (true when it names no patient). */
        boolean includes(Item item) {
            Reference subject = subjectOf(item.resource());
            if (subject == null || !subject.hasReference()) {
                return true;
            }
            String key = patientKeyOf(subject, item);
            if (key == null) {
                return true; // a subject that is not a patient (e.g. a Group): nothing to tell
            }
            if (patient != null) {
                if (patientKey == null) {
                    return true; // the one patient has no id: nothing to compare with
                }
                return resolve(subject, item) == patient || key.equals(patientKey)
                        || (patient.fullUrl() != null && patient.fullUrl().equals(subject.getReference()));
            }
            return patientKey == null || key.equals(patientKey);
        }
    }

    private final FhirContext context;
    private final List<Item> items = new ArrayList<>();
    private final Map<String, Item> byFullUrl = new HashMap<>();
    private final Map<String, Item> byKey = new HashMap<>();

    private Resources(FhirContext context) {
        this.context = context;
    }

    static Resources of(List<Resource> tops, FhirContext context) {
        Resources r = new Resources(context);
        for (Resource top : tops) {
            r.add(top, null);
        }
        return r;
    }

    List<Item> items() {
        return items;
    }

    private void add(Resource resource, String fullUrl) {
        if (resource instanceof Bundle bundle) {
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                if (entry.hasRequest() && entry.getRequest().getMethod() == Bundle.HTTPVerb.DELETE) {
                    continue;
                }
                if (entry.getResource() != null) {
                    add(entry.getResource(), entry.getFullUrl());
                } else if (entry.hasResponse() && entry.getResponse().getOutcome() != null) {
                    add(entry.getResponse().getOutcome(), entry.getFullUrl());
                }
            }
            return;
        }
        Item item = new Item(resource, fullUrl == null || fullUrl.isBlank() ? null : fullUrl);
        String key = item.key();
        if (key != null && byKey.containsKey(key)) {
            return; // the same resource twice (e.g. the prefetch patient and a bundle's)
        }
        items.add(item);
        if (item.fullUrl() != null) {
            byFullUrl.putIfAbsent(item.fullUrl(), item);
        }
        if (key != null) {
            byKey.put(key, item);
        }
    }

    /** The resource a reference points to in this input, or null (dangling, or only an identifier). */
    Item resolve(Reference reference, Item from) {
        if (reference == null) {
            return null;
        }
        if (reference.getResource() instanceof Resource linked) {
            return new Item(linked, null); // HAPI links contained resources while parsing
        }
        String ref = reference.getReference();
        if (ref == null || ref.isBlank()) {
            return null;
        }
        if (ref.startsWith("#")) {
            if (from != null && from.resource() instanceof DomainResource domain) {
                String wanted = ref.substring(1);
                for (Resource contained : domain.getContained()) {
                    String id = contained.getIdElement().getIdPart();
                    if (id != null && wanted.equals(id.startsWith("#") ? id.substring(1) : id)) {
                        return new Item(contained, null);
                    }
                }
            }
            return null;
        }
        Item byUrl = byFullUrl.get(ref);
        if (byUrl != null) {
            return byUrl;
        }
        String tail = tail(ref);
        return tail == null ? null : byKey.get(tail);
    }

    /** {@code Type/id} from a relative or absolute reference (version dropped), or null. */
    static String tail(String ref) {
        String r = ref;
        int history = r.indexOf("/_history/");
        if (history >= 0) {
            r = r.substring(0, history);
        }
        int q = r.indexOf('?');
        if (q >= 0) {
            return null; // a conditional reference (search), not an id
        }
        String[] parts = r.split("/");
        if (parts.length < 2) {
            return null;
        }
        String type = parts[parts.length - 2];
        String id = parts[parts.length - 1];
        if (type.isEmpty() || id.isEmpty() || !Character.isUpperCase(type.charAt(0))) {
            return null;
        }
        return type + "/" + id;
    }

    /** The {@code subject} or {@code patient} reference of a resource, if it has one. */
    Reference subjectOf(Resource resource) {
        RuntimeResourceDefinition definition = context.getResourceDefinition(resource);
        for (String name : List.of("subject", "patient")) {
            BaseRuntimeChildDefinition child = definition.getChildByName(name);
            if (child == null) {
                continue;
            }
            List<IBase> values = child.getAccessor().getValues(resource);
            if (!values.isEmpty() && values.get(0) instanceof Reference reference) {
                return reference;
            }
        }
        return null;
    }

    /**
     * A stable key for the patient a reference names: the {@code Patient/id} of the resolved resource or of
     * the reference itself, or a {@code urn:} reference as written; null when it names no patient.
     */
    private String patientKeyOf(Reference reference, Item from) {
        Item target = resolve(reference, from);
        if (target != null) {
            return target.resource() instanceof Patient ? patientKey(target) : null;
        }
        String ref = reference.getReference();
        String tail = tail(ref);
        if (tail != null) {
            return tail.startsWith("Patient/") ? tail : null;
        }
        return ref.startsWith("urn:") ? ref : null;
    }

    private static String patientKey(Item patient) {
        String key = patient.key();
        return key != null ? key : patient.fullUrl();
    }

    /**
     * Chooses the patient: the one with {@code patientId}, or the only one.
     *
     * @throws FhirMappingException ({@value FhirMappingException#WHICH_PATIENT}) when that is ambiguous
     */
    Selection select(String patientId, Warnings warnings) {
        Map<String, Item> patients = new LinkedHashMap<>();
        for (Item item : items) {
            if (item.resource() instanceof Patient) {
                String key = patientKey(item);
                patients.putIfAbsent(key == null ? "#" + patients.size() : key, item);
            }
        }
        Selection selection;
        if (patientId != null && !patientId.isBlank()) {
            String wanted = patientId.strip();
            String wantedKey = wanted.startsWith("Patient/") ? tail(wanted) : "Patient/" + wanted;
            Item found = null;
            for (Item p : patients.values()) {
                if (wantedKey != null && wantedKey.equals(p.key()) || wanted.equals(p.fullUrl())) {
                    found = p;
                    break;
                }
            }
            if (found == null && !patients.isEmpty()) {
                throw new FhirMappingException(FhirMappingException.WHICH_PATIENT, "no Patient with the given id among the "
                        + patients.size() + " in the input; expected the id of one of them (Patient.id or the"
                        + " bundle entry's fullUrl)");
            }
            selection = found != null ? new Selection(found, patientKey(found))
                    : new Selection(null, wanted.startsWith("urn:") ? wanted : wantedKey);
        } else if (patients.size() > 1) {
            throw new FhirMappingException(FhirMappingException.WHICH_PATIENT, "the input holds " + patients.size()
                    + " Patient resources and no patient id was given; expected one patient, or the id of the"
                    + " patient to map");
        } else if (patients.size() == 1) {
            Item only = patients.values().iterator().next();
            selection = new Selection(only, patientKey(only));
        } else {
            Set<String> subjects = new LinkedHashSet<>();
            for (Item item : items) {
                Reference subject = subjectOf(item.resource());
                if (subject != null && subject.hasReference()) {
                    String key = patientKeyOf(subject, item);
                    if (key != null) {
                        subjects.add(key);
                    }
                }
            }
            if (subjects.size() > 1) {
                throw new FhirMappingException(FhirMappingException.WHICH_PATIENT, "the resources are about "
                        + subjects.size() + " different patients and no patient id was given; expected resources"
                        + " of one patient, or the id of the patient to map");
            }
            selection = new Selection(null, subjects.isEmpty() ? null : subjects.iterator().next());
            warnings.add("no Patient resource: age and sex are not documented");
        }
        return selection;
    }
}
