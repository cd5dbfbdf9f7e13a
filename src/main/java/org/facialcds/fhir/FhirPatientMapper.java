package org.facialcds.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;

/**
 * Reads FHIR R4 (a resource, a Bundle, or a CDS Hooks prefetch object) into the patient-facts JSON of
 * patient-facts.md, so that {@code FacialCds.read(mapping.patientFacts(), asOf)} validates it and the same
 * rules run. Thread-safe; the one HAPI {@link FhirContext} is created on first use and shared.
 *
 * <pre>
 * FhirMapping m = new FhirPatientMapper().map(bundleJson, null, LocalDate.of(2026, 11, 26));
 * Evaluation result = cds.evaluate(cds.read(m.patientFacts(), null));
 * </pre>
 *
 * <p>What is read: Patient (age, sex, id), Condition, MedicationRequest, MedicationStatement, Observation
 * (pregnancy status, eGFR, breastfeeding), AllergyIntolerance (botulinum toxin), ImagingStudy,
 * DiagnosticReport and ServiceRequest (brain MRI / head CT), Procedure (botulinum toxin injections),
 * Device (MR safety) and the QuestionnaireResponse to {@value FhirCodes#QUESTIONNAIRE_URL} (the
 * presentation). Everything else is counted in one warning. Nothing is logged.
 */
public final class FhirPatientMapper {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Initialised on first use: building a FhirContext costs tens of milliseconds, its first parse more. */
    private static final class Shared {
        static final FhirContext R4 = create();

        private static FhirContext create() {
            FhirContext context = FhirContext.forR4();
            // keep resource ids as written; the bundle fullUrl is kept beside each resource
            context.getParserOptions().setOverrideResourceIdWithBundleEntryFullUrl(false);
            context.getParserOptions().setStripVersionsFromReferences(false);
            return context;
        }
    }

    /** Creates a mapper; cheap, stateless and thread-safe. */
    public FhirPatientMapper() {
    }

    /** The shared R4 context, for callers that parse resources themselves (e.g. bulk-export lines). */
    public static FhirContext fhirContext() {
        return Shared.R4;
    }

    /** Whether this JSON text is an object with a top-level {@code resourceType} (a FHIR resource or Bundle). */
    public static boolean looksLikeFhir(String json) {
        if (json == null) {
            return false;
        }
        try {
            JsonNode root = JSON.readTree(json);
            return root != null && root.isObject() && root.path("resourceType").isTextual();
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /**
     * Parses one FHIR R4 resource (e.g. a line of a bulk-export NDJSON file), checking that it is R4.
     *
     * @throws FhirMappingException ({@value FhirMappingException#NOT_FHIR}, {@value FhirMappingException#NOT_R4}
     *     or {@value FhirMappingException#INVALID_RESOURCE}) saying what was expected
     */
    public static Resource parseResource(String json) {
        FhirInput.Parsed parsed = FhirInput.read(json, Shared.R4);
        if (parsed.resources().size() != 1) {
            throw new FhirMappingException(FhirMappingException.NOT_FHIR,
                    "expected one FHIR R4 resource; got a CDS Hooks prefetch object with "
                            + parsed.resources().size() + " resources");
        }
        return parsed.resources().get(0);
    }

    /** As {@link #map(String, String, LocalDate, boolean)}, with the medication list not stated complete. */
    public FhirMapping map(String json, String patientId, LocalDate asOf) {
        return map(json, patientId, asOf, false);
    }

    /**
     * Maps FHIR R4 JSON to patient facts.
     *
     * @param json a resource, a Bundle (collection, transaction, searchset, batch-response, ...), a CDS Hooks
     *     prefetch object ({@code {"patient": {...}, "conditions": {Bundle}}}) or a whole CDS Hooks request
     *     (its {@code prefetch}, and the bundles in its {@code context})
     * @param patientId the patient to map when the input holds several; {@code null} when it holds one
     *     (or, for a CDS Hooks request, the request's {@code context.patientId})
     * @param asOf the evaluation date (ages and "current" are computed against it); {@code null} = today.
     *     Written to {@code $.asOf}; resources dated after it are left out
     * @param medicationListComplete the caller states the medications given are all the patient takes, so
     *     {@code $.medications} is written (maybe empty) even without medication resources
     * @throws FhirMappingException with a stable code ({@code FCDS-05xx}) saying what was expected
     */
    public FhirMapping map(String json, String patientId, LocalDate asOf, boolean medicationListComplete) {
        FhirInput.Parsed parsed = FhirInput.read(json, Shared.R4);
        String id = patientId != null ? patientId : parsed.contextPatientId();
        return build(parsed.resources(), parsed.parserWarnings(), id, asOf, medicationListComplete);
    }

    /** As {@link #map(List, String, LocalDate, boolean)}, with the medication list not stated complete. */
    public FhirMapping map(List<? extends IBaseResource> resources, String patientId, LocalDate asOf) {
        return map(resources, patientId, asOf, false);
    }

    /**
     * Maps resources the caller already parsed (e.g. bulk-export lines grouped by patient).
     *
     * @throws FhirMappingException ({@value FhirMappingException#NOT_R4}) when a resource is not an R4 model
     *     object, or ({@value FhirMappingException#WHICH_PATIENT}) when the patient is ambiguous
     * @see #map(String, String, LocalDate, boolean)
     */
    public FhirMapping map(List<? extends IBaseResource> resources, String patientId, LocalDate asOf,
            boolean medicationListComplete) {
        Objects.requireNonNull(resources, "resources");
        List<Resource> r4 = new ArrayList<>();
        for (IBaseResource r : resources) {
            if (r == null) {
                continue;
            }
            if (r.getStructureFhirVersionEnum() != FhirVersionEnum.R4 || !(r instanceof Resource resource)) {
                throw new FhirMappingException(FhirMappingException.NOT_R4, "a " + r.fhirType() + " of FHIR "
                        + r.getStructureFhirVersionEnum() + "; expected FHIR R4 resources (org.hl7.fhir.r4.model)");
            }
            r4.add(resource);
        }
        return build(r4, List.of(), patientId, asOf, medicationListComplete);
    }

    private static FhirMapping build(List<Resource> resources, List<String> parserWarnings, String patientId,
            LocalDate asOf, boolean medicationListComplete) {
        LocalDate date = asOf != null ? asOf : LocalDate.now();
        Warnings warnings = new Warnings();
        parserWarnings.forEach(warnings::add);
        Resources index = Resources.of(resources, Shared.R4);
        Resources.Selection selection = index.select(patientId, warnings);
        FactsBuilder builder = new FactsBuilder(index, selection, date, medicationListComplete, warnings);
        return new FhirMapping(builder.build(), warnings.all());
    }
}
