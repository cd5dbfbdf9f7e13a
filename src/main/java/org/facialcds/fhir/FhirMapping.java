package org.facialcds.fhir;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * The patient-facts JSON (patient-facts.md) read from FHIR, ready for {@code FacialCds.read(node, asOf)},
 * and the warnings about what the mapping kept, assumed or left out.
 *
 * @param patientFacts the patient-facts JSON tree; treat it as read-only
 * @param warnings one line each, no patient identifiers
 */
public record FhirMapping(ObjectNode patientFacts, List<String> warnings) {

    public FhirMapping {
        Objects.requireNonNull(patientFacts, "patientFacts");
        warnings = List.copyOf(warnings);
    }
}
