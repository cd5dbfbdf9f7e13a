package org.facialcds.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;

/** Which patient a bulk-export line is about, and which shared Medication a medication resource references. */
class BulkExportTest {

    @Test
    void whenAReferenceNamesAPatient_thenItsIdIsGivenWhateverTheForm() {
        assertThat(BulkExport.patientId("Patient/123")).isEqualTo("123");
        assertThat(BulkExport.patientId("https://host/fhir/Patient/123")).isEqualTo("123");
        assertThat(BulkExport.patientId(" Patient/123/_history/2 ")).isEqualTo("123");
        assertThat(BulkExport.patientId("urn:uuid:0b5e")).isEqualTo("urn:uuid:0b5e");
        assertThat(BulkExport.patientId("Group/g1")).isNull();
        assertThat(BulkExport.patientId("Patient?identifier=x|1")).isNull();
        assertThat(BulkExport.patientId("")).isNull();
        assertThat(BulkExport.patientId(null)).isNull();
    }

    @Test
    void whenALineIsRead_thenItsTypeIdAndPatientComeFromIdSubjectOrPatient() {
        assertThat(BulkExport.read("{\"resourceType\":\"Patient\",\"id\":\"p1\",\"link\":[{\"other\":{\"reference\":\"Patient/p2\"}}]}"))
                .isEqualTo(new BulkExport.Line("Patient", "p1", "p1"));
        assertThat(BulkExport.read("{\"id\":\"c1\",\"code\":{\"text\":\"x\"},\"subject\":{\"display\":\"d\",\"reference\":\"Patient/p1\"},"
                + "\"resourceType\":\"Condition\"}")).isEqualTo(new BulkExport.Line("Condition", "c1", "p1"));
        assertThat(BulkExport.read("{\"resourceType\":\"AllergyIntolerance\",\"patient\":{\"reference\":\"Patient/p2\"}}"))
                .isEqualTo(new BulkExport.Line("AllergyIntolerance", null, "p2"));
        assertThat(BulkExport.read("{\"resourceType\":\"Condition\",\"subject\":{\"reference\":\"Group/g\"}}").patientId()).isNull();
        BulkExport.Line medication = BulkExport.read("{\"resourceType\":\"Medication\",\"id\":\"m1\"}");
        assertThat(medication.shared()).isTrue();
        assertThat(medication.key()).isEqualTo("Medication/m1");
        assertThat(BulkExport.read("{\"resourceType\":\"Medication\"}").shared()).isFalse();
    }

    @Test
    void whenALineIsNoResource_thenTheErrorSaysWhatWasExpectedWithoutQuotingIt() {
        assertThat(catchThrowable(() -> BulkExport.read("{\"resourceType\": Jane Doe}")))
                .isInstanceOf(FhirMappingException.class)
                .hasMessageStartingWith("FCDS-0501: malformed JSON at column ")
                .hasMessageEndingWith("expected one FHIR R4 resource (a JSON object with \"resourceType\") per line")
                .hasMessageNotContaining("Jane");
        assertThat(catchThrowable(() -> BulkExport.read("[1]"))).hasMessageStartingWith("FCDS-0501: not a JSON object");
        assertThat(catchThrowable(() -> BulkExport.read("{\"id\":\"x\"}"))).hasMessageStartingWith("FCDS-0501: no \"resourceType\"");
        assertThat(catchThrowable(() -> BulkExport.read("{\"resourceType\":\"Patient\"} {}")))
                .hasMessageStartingWith("FCDS-0501: more than one JSON value");
        assertThat(catchThrowable(() -> BulkExport.read("{\"resourceType\":\"Patient\",\"id\":\" \"}")))
                .hasMessageStartingWith("FCDS-0504: a Patient without an id");
    }

    @Test
    void whenAMedicationResourceReferencesAMedication_thenThatIsTheSharedReference() {
        String request = "{\"resourceType\":\"MedicationRequest\",\"status\":\"active\",\"intent\":\"order\","
                + "\"subject\":{\"reference\":\"Patient/p1\"},\"medicationReference\":{\"reference\":\"%s\"}}";
        assertThat(BulkExport.sharedReference(FhirPatientMapper.parseResource(request.formatted("Medication/m1"))))
                .isEqualTo("Medication/m1");
        assertThat(BulkExport.sharedReference(FhirPatientMapper.parseResource(
                request.formatted("https://host/fhir/Medication/m2/_history/3")))).isEqualTo("Medication/m2");
        assertThat(BulkExport.sharedReference(FhirPatientMapper.parseResource(request.formatted("#contained")))).isNull();
        assertThat(BulkExport.sharedReference(FhirPatientMapper.parseResource(
                "{\"resourceType\":\"MedicationStatement\",\"status\":\"active\",\"subject\":{\"reference\":\"Patient/p1\"},"
                        + "\"medicationCodeableConcept\":{\"text\":\"x\"}}"))).isNull();
    }
}
