package org.facialcds.fhir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Set;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;

/**
 * Which patient each line of a FHIR R4 bulk export ({@code $export}: NDJSON, one resource per line, one file
 * per resource type) is about, so that a reader can bring each patient's resources together before
 * {@link FhirPatientMapper#map(java.util.List, String, java.time.LocalDate)}.
 *
 * <p>A line is keyed by {@code Patient.id} for a Patient, otherwise by the {@code Patient/id} that its
 * {@code subject} (else {@code patient}) reference names, as the mapper reads a resource's patient.
 * {@code Medication} resources name no patient; they are shared lookups that patients' medication resources
 * reference ({@code medicationReference}), see {@link #sharedReference}. Stateless and thread-safe; nothing
 * is logged.
 */
public final class BulkExport {

    /** Resource types with no patient of their own that the mapping reads when a patient's resource references them. */
    public static final Set<String> SHARED_TYPES = Set.of("Medication");

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * What one line is.
     *
     * @param resourceType its {@code resourceType}
     * @param id its {@code id}, or null
     * @param patientId the id of the patient it is about, or null when it names none (a Practitioner, a
     *     Medication, a Condition about a Group)
     */
    public record Line(String resourceType, String id, String patientId) {

        /** Whether this line is a shared lookup ({@link #SHARED_TYPES}) with an id to reference it by. */
        public boolean shared() {
            return SHARED_TYPES.contains(resourceType) && id != null;
        }

        /** {@code Type/id}, as references name it; null without an id. */
        public String key() {
            return id == null ? null : resourceType + "/" + id;
        }
    }

    private BulkExport() {
    }

    /**
     * Reads what a line is about without building the resource (a streaming pass over the JSON, which it
     * checks is well-formed). Whether HAPI FHIR can read the resource is not checked here.
     *
     * @throws FhirMappingException {@value FhirMappingException#NOT_FHIR} when the line is not one JSON object
     *     with a {@code resourceType}; {@value FhirMappingException#WHICH_PATIENT} for a Patient without an id
     */
    public static Line read(String line) {
        String type = null;
        String id = null;
        String subject = null;
        String patient = null;
        boolean typeIsText = false;
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw notFhir("not a JSON object");
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "resourceType" -> {
                        typeIsText = value == JsonToken.VALUE_STRING;
                        type = typeIsText ? p.getText() : null;
                    }
                    case "id" -> id = value == JsonToken.VALUE_STRING ? blankToNull(p.getText()) : null;
                    case "subject" -> subject = reference(p, value);
                    case "patient" -> patient = reference(p, value);
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw notFhir("more than one JSON value on the line");
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            // the location only: the parser's message quotes the text, which may be patient data
            throw notFhir("malformed JSON" + (at == null || at.getColumnNr() < 0 ? "" : " at column " + at.getColumnNr()));
        } catch (IOException e) {
            throw notFhir("unreadable JSON"); // reading a String: not expected
        }
        if (!typeIsText || type.isBlank()) {
            throw notFhir("no \"resourceType\" string");
        }
        if ("Patient".equals(type)) {
            if (id == null) {
                throw new FhirMappingException(FhirMappingException.WHICH_PATIENT, "a Patient without an id;"
                        + " expected Patient.id, which the export's other resources reference");
            }
            return new Line(type, id, id);
        }
        return new Line(type, id, patientId(subject != null ? subject : patient));
    }

    /**
     * The patient id a reference names: {@code Patient/123}, {@code https://host/fhir/Patient/123} and
     * {@code Patient/123/_history/2} give {@code 123}; a {@code urn:} reference is kept as written; a
     * reference to anything else (a Group, a conditional reference), or null, gives null.
     */
    public static String patientId(String reference) {
        if (reference == null || reference.isBlank()) {
            return null;
        }
        String r = reference.strip();
        String tail = Resources.tail(r);
        if (tail != null) {
            return tail.startsWith("Patient/") ? tail.substring("Patient/".length()) : null;
        }
        return r.startsWith("urn:") ? r : null;
    }

    /**
     * The shared resource ({@code Medication/id}) that a resource references through {@code medicationReference}
     * (MedicationRequest, MedicationStatement, MedicationDispense, MedicationAdministration), or null: for other
     * resources, a medication given as a code, or a contained ({@code #id}) medication.
     */
    public static String sharedReference(Resource resource) {
        Type medication = null;
        if (resource instanceof MedicationRequest r) {
            medication = r.getMedication();
        } else if (resource instanceof MedicationStatement r) {
            medication = r.getMedication();
        } else if (resource instanceof MedicationDispense r) {
            medication = r.getMedication();
        } else if (resource instanceof MedicationAdministration r) {
            medication = r.getMedication();
        }
        if (!(medication instanceof Reference ref) || !ref.hasReference() || ref.getReference().startsWith("#")) {
            return null;
        }
        String tail = Resources.tail(ref.getReference());
        return tail != null && tail.startsWith("Medication/") ? tail : null;
    }

    /** The {@code reference} string of a Reference object at the parser's position (which it consumes), or null. */
    private static String reference(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        String reference = null;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if ("reference".equals(name) && v == JsonToken.VALUE_STRING) {
                reference = p.getText();
            } else {
                p.skipChildren();
            }
        }
        return reference;
    }

    private static String blankToNull(String s) {
        String stripped = s.strip();
        return stripped.isEmpty() ? null : stripped;
    }

    private static FhirMappingException notFhir(String what) {
        return new FhirMappingException(FhirMappingException.NOT_FHIR, what
                + "; expected one FHIR R4 resource (a JSON object with \"resourceType\") per line");
    }
}
