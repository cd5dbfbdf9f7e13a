package org.facialcds.cli;

import java.time.LocalDate;
import org.facialcds.FacialCds;
import org.facialcds.facts.PatientFacts;
import org.facialcds.fhir.FhirMapping;
import org.facialcds.fhir.PatientInput;

/**
 * Reads one patient from text, detected from the content: patient-facts JSON, or FHIR R4 (a
 * resource, a bundle or a CDS Hooks prefetch map), which is mapped to patient-facts JSON first.
 */
final class PatientReader {

    private PatientReader() {
    }

    /** The validated facts; the FHIR mapping's warnings join the validator's. */
    static PatientFacts read(FacialCds cds, String text, LocalDate asOf) {
        return PatientInput.read(cds, text, asOf).facts();
    }

    /** The validated facts of a FHIR mapping; its warnings join the validator's. */
    static PatientFacts read(FacialCds cds, FhirMapping mapping, LocalDate asOf) {
        return PatientInput.read(cds, mapping, asOf);
    }
}
