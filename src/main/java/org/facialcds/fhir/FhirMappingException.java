package org.facialcds.fhir;

import org.facialcds.FacialCdsException;

/**
 * The input cannot be read as FHIR R4 for one patient; the message starts with a stable code and
 * says what was expected. Codes: {@value #NOT_FHIR} not FHIR JSON, {@value #NOT_R4} an earlier FHIR
 * version (DSTU2, STU3), {@value #INVALID_RESOURCE} a resource HAPI FHIR cannot read as R4,
 * {@value #WHICH_PATIENT} several patients and none chosen, or the chosen one is missing.
 */
public final class FhirMappingException extends FacialCdsException {

    /** Not FHIR JSON: malformed JSON, or JSON without a {@code resourceType}. */
    public static final String NOT_FHIR = "FCDS-0501";
    /** FHIR of an earlier version (DSTU2 or STU3), or a resource type R4 does not have. */
    public static final String NOT_R4 = "FCDS-0502";
    /** A resource that HAPI FHIR cannot parse as R4. */
    public static final String INVALID_RESOURCE = "FCDS-0503";
    /** Several patients and no patient id given, or no patient with the given id. */
    public static final String WHICH_PATIENT = "FCDS-0504";

    FhirMappingException(String code, String message) {
        super(code, message);
    }
}
