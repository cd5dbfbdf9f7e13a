package org.facialcds.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.facialcds.FacialCds;
import org.facialcds.facts.PatientFacts;
import org.facialcds.fhir.FhirMapping;
import org.facialcds.fhir.FhirPatientMapper;

/**
 * Reads one patient from text, detected from the content: patient-facts JSON, or FHIR R4 (a
 * resource, a bundle or a CDS Hooks prefetch map), which is mapped to patient-facts JSON first.
 */
final class PatientReader {

    private static final FhirPatientMapper FHIR = new FhirPatientMapper();

    private PatientReader() {
    }

    /** The validated facts; the FHIR mapping's warnings join the validator's. */
    static PatientFacts read(FacialCds cds, String text, LocalDate asOf) {
        if (!FhirPatientMapper.looksLikeFhir(text)) return cds.read(text, asOf);
        return read(cds, FHIR.map(text, null, asOf), asOf);
    }

    /** The validated facts of a FHIR mapping; its warnings join the validator's. */
    static PatientFacts read(FacialCds cds, FhirMapping mapping, LocalDate asOf) {
        PatientFacts facts = cds.read(mapping.patientFacts(), asOf);
        List<String> warnings = new ArrayList<>(mapping.warnings());
        warnings.addAll(facts.warnings());
        return new PatientFacts(facts.patient(), facts.twitching(), facts.exam(), facts.history(), facts.facialPalsy(),
                facts.toxinHistory(), facts.lifestyle(), facts.conditions(), facts.medications(), facts.imaging(),
                warnings);
    }

    /** The patient-facts JSON a FHIR input maps to (validated), or {@code null} when the input is not FHIR. */
    static FhirMapping mapFhir(FacialCds cds, String text, LocalDate asOf) {
        if (!FhirPatientMapper.looksLikeFhir(text)) return null;
        FhirMapping mapping = FHIR.map(text, null, asOf);
        cds.read((JsonNode) mapping.patientFacts(), asOf);
        return mapping;
    }
}
