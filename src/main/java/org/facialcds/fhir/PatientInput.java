package org.facialcds.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.facialcds.FacialCds;
import org.facialcds.facts.PatientFacts;

/**
 * One patient read from text whose form is told by its content: patient-facts JSON (patient-facts.md), or
 * FHIR R4 (a resource, a Bundle or a CDS Hooks prefetch map), which is mapped to patient-facts JSON first.
 * The CLI and the workbench read patients through here, so both accept the same inputs.
 */
public final class PatientInput {

    private static final FhirPatientMapper FHIR = new FhirPatientMapper();

    /** The form the input had. */
    public enum Format { PATIENT_FACTS, FHIR }

    /**
     * A patient read: its form, the FHIR mapping (for FHIR input, else {@code null}) and the validated facts,
     * whose warnings include the mapping's.
     */
    public record Read(Format format, FhirMapping mapping, PatientFacts facts) {
    }

    private PatientInput() {
    }

    /**
     * Reads and validates one patient.
     *
     * @throws org.facialcds.InvalidInputException naming every problem of patient-facts input
     * @throws FhirMappingException when FHIR input cannot be read as R4 or names no single patient
     */
    public static Read read(FacialCds cds, String text, LocalDate asOf) {
        if (!FhirPatientMapper.looksLikeFhir(text)) {
            return new Read(Format.PATIENT_FACTS, null, cds.read(text, asOf));
        }
        FhirMapping mapping = FHIR.map(text, null, asOf);
        return new Read(Format.FHIR, mapping, read(cds, mapping, asOf));
    }

    /**
     * The validated facts of a FHIR mapping, whose warnings join the validator's.
     *
     * @throws org.facialcds.InvalidInputException when the mapped facts break the input contract
     */
    public static PatientFacts read(FacialCds cds, FhirMapping mapping, LocalDate asOf) {
        PatientFacts facts = cds.read((JsonNode) mapping.patientFacts(), asOf);
        List<String> warnings = new ArrayList<>(mapping.warnings());
        warnings.addAll(facts.warnings());
        return new PatientFacts(facts.patient(), facts.twitching(), facts.exam(), facts.history(), facts.facialPalsy(),
                facts.toxinHistory(), facts.lifestyle(), facts.conditions(), facts.medications(), facts.imaging(),
                warnings);
    }
}
