package org.facialcds.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.facialcds.FacialCds;
import org.facialcds.facts.DrugClass;
import org.facialcds.facts.PatientFacts;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The mapping rules one resource at a time, and what bad input gives. */
class FhirPatientMapperTest {

    static final LocalDate AS_OF = LocalDate.of(2026, 11, 26);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCT = "http://snomed.info/sct";
    private static final String LOINC = "http://loinc.org";
    private static final String CPT = "http://www.ama-assn.org/go/cpt";
    private static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    private static FacialCds cds;
    private final FhirPatientMapper mapper = new FhirPatientMapper();

    @BeforeAll
    static void setUp() {
        cds = FacialCds.withBundledRules();
    }

    @AfterAll
    static void tearDown() {
        cds.close();
    }

    // ---------------------------------------------------------------- helpers

    private static ObjectNode resource(String json) {
        try {
            return (ObjectNode) JSON.readTree(json.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static ObjectNode patient(String id, String gender, String birthDate) {
        return resource("{'resourceType':'Patient','id':'" + id + "','gender':'" + gender + "','birthDate':'"
                + birthDate + "'}");
    }

    /** A collection bundle of these resources, each with a urn:uuid fullUrl and the subject set to the first. */
    private static String bundle(ObjectNode... resources) {
        ObjectNode bundle = resource("{'resourceType':'Bundle','type':'collection'}");
        ArrayNode entries = bundle.putArray("entry");
        for (ObjectNode r : resources) {
            ObjectNode entry = entries.addObject();
            if (r.has("id")) {
                entry.put("fullUrl", "urn:uuid:" + java.util.UUID.nameUUIDFromBytes(r.get("id").asText().getBytes()));
            }
            entry.set("resource", r);
        }
        return bundle.toString();
    }

    private static ObjectNode cc(String system, String code, String display) {
        ObjectNode c = JSON.createObjectNode();
        ObjectNode coding = c.putArray("coding").addObject();
        coding.put("system", system).put("code", code);
        if (display != null) {
            coding.put("display", display);
        }
        return c;
    }

    private static ObjectNode condition(String system, String code, String clinical) {
        ObjectNode c = resource("{'resourceType':'Condition','subject':{'reference':'Patient/p1'}}");
        c.set("code", cc(system, code, null));
        if (clinical != null) {
            c.set("clinicalStatus", cc("http://terminology.hl7.org/CodeSystem/condition-clinical", clinical, null));
        }
        return c;
    }

    private FhirMapping map(String json) {
        return mapper.map(json, null, AS_OF);
    }

    private PatientFacts read(FhirMapping mapping) {
        return cds.read(mapping.patientFacts(), null);
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void whenInputIsDstu2MedicationOrder_thenNotR4ErrorNamesTheResource() {
        String json = "{\"resourceType\":\"MedicationOrder\",\"id\":\"x\",\"status\":\"active\"}";

        assertThatThrownBy(() -> map(json)).isInstanceOf(FhirMappingException.class)
                .hasMessage("FCDS-0502: $(MedicationOrder): resource type MedicationOrder is DSTU2 only; this looks"
                        + " like FHIR DSTU2 or STU3, expected FHIR R4 (4.0.x)");
    }

    @Test
    void whenConditionHasStu3StringStatus_thenNotR4Error() {
        String json = bundle(patient("p1", "female", "1970-01-01"), resource(
                "{'resourceType':'Condition','clinicalStatus':'active','code':{'text':'x'},'subject':{'reference':'Patient/p1'}}"));

        assertThatThrownBy(() -> map(json)).isInstanceOf(FhirMappingException.class)
                .hasMessageStartingWith("FCDS-0502: $(Bundle).entry[1].resource(Condition): Condition.clinicalStatus is"
                        + " a string (DSTU2/STU3); R4 has a CodeableConcept");
    }

    @Test
    void whenCapabilityStatementSaysFhirVersion3_thenNotR4Error() {
        String json = "{\"resourceType\":\"CapabilityStatement\",\"fhirVersion\":\"3.0.2\"}";

        assertThatThrownBy(() -> map(json)).hasMessageContaining("FCDS-0502").hasMessageContaining("fhirVersion 3.0.2");
    }

    @Test
    void whenResourceTypeIsUnknownToR4_thenNotR4Error() {
        String json = "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"resourceType\":\"Foo\"}}]}";

        assertThatThrownBy(() -> map(json))
                .hasMessage("FCDS-0502: resource type \"Foo\" is not in FHIR R4; expected FHIR R4 resources");
    }

    @Test
    void whenInputIsPatientFactsJson_thenNotFhirError() throws Exception {
        String facts = Files.readString(Path.of("examples", "patients", "v13-beb-normal-mri.json"));

        assertThat(FhirPatientMapper.looksLikeFhir(facts)).isFalse();
        assertThatThrownBy(() -> map(facts)).isInstanceOf(FhirMappingException.class)
                .hasMessageStartingWith("FCDS-0501: a JSON object without \"resourceType\" whose values are not all"
                        + " FHIR resources; expected a FHIR R4 resource or Bundle");
    }

    @Test
    void whenInputIsMalformedJson_thenNotFhirErrorWithItsPosition() {
        assertThatThrownBy(() -> map("{\"resourceType\": \"Patient\",\n  \"id\": }"))
                .hasMessageStartingWith("FCDS-0501: malformed JSON at line 2, column 9");
    }

    @Test
    void whenBundleHasTwoPatientsAndNoId_thenWhichPatientError() {
        String json = bundle(patient("p1", "female", "1970-01-01"), patient("p2", "male", "1980-01-01"));

        assertThatThrownBy(() -> map(json)).isInstanceOf(FhirMappingException.class)
                .hasMessage("FCDS-0504: the input holds 2 Patient resources and no patient id was given; expected one"
                        + " patient, or the id of the patient to map");
    }

    @Test
    void whenBundleHasTwoPatientsAndAnId_thenThatPatientAndOnlyTheirResourcesAreMapped() {
        ObjectNode otherCondition = condition(SCT, "24700007", "active");
        otherCondition.putObject("subject").put("reference", "Patient/p2");
        String json = bundle(patient("p1", "female", "1970-01-01"), patient("p2", "male", "1980-01-01"),
                condition(SCT, "91637004", "active"), otherCondition);

        FhirMapping mapping = mapper.map(json, "Patient/p1", AS_OF);

        assertThat(mapping.patientFacts().path("sex").asText()).isEqualTo("FEMALE");
        assertThat(mapping.patientFacts().path("conditions").toString())
                .isEqualTo("[{\"system\":\"http://snomed.info/sct\",\"code\":\"91637004\"}]");
        assertThat(mapping.warnings()).contains("resources about other patients, left out: 1");
        assertThatThrownBy(() -> mapper.map(json, "p3", AS_OF)).hasMessageStartingWith("FCDS-0504: no Patient with the"
                + " given id among the 2 in the input");
    }

    @Test
    void whenResourcesAreAboutTwoPatientsAndNoPatientResource_thenWhichPatientError() {
        ObjectNode other = condition(SCT, "24700007", "active");
        other.putObject("subject").put("reference", "Patient/p2");
        String json = bundle(condition(SCT, "91637004", "active"), other);

        assertThatThrownBy(() -> map(json)).hasMessageStartingWith("FCDS-0504: the resources are about 2 different"
                + " patients and no patient id was given");
    }

    @Test
    void whenMedicationReferenceDangles_thenWarningAndDisplayNameIsKept() {
        ObjectNode request = resource("{'resourceType':'MedicationRequest','status':'active','intent':'order',"
                + "'subject':{'reference':'Patient/p1'},'authoredOn':'2026-01-05',"
                + "'medicationReference':{'reference':'Medication/missing','display':'clonazepam 0.5 MG Oral Tablet'}}");
        ObjectNode bare = resource("{'resourceType':'MedicationRequest','status':'active','intent':'order',"
                + "'subject':{'reference':'Patient/p1'},'medicationReference':{'reference':'Medication/gone'}}");

        FhirMapping mapping = map(bundle(patient("p1", "female", "1970-01-01"), request, bare));

        assertThat(mapping.warnings()).contains("medication references to no Medication in the input (dangling),"
                + " kept by their display text where there is one, else left out: 2",
                "medication resources without a code or name, left out: 1");
        PatientFacts facts = read(mapping);
        assertThat(facts.medications()).singleElement()
                .satisfies(m -> assertThat(m.classes()).containsExactly(DrugClass.BENZODIAZEPINE));
    }

    @Test
    void whenInputIsAnythingOdd_thenOnlyFhirMappingExceptionsEscape() {
        List<String> inputs = List.of("", "null", "[]", "{}", "5", "\"x\"", "{\"resourceType\": 5}",
                "{\"resourceType\":\"Bundle\",\"entry\":5}", "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":5}]}",
                "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{}}]}", "{\"resourceType\":\"Patient\",\"name\":\"x\"}",
                "{\"resourceType\":\"Patient\",\"birthDate\":\"1990-13-45\"}", "{\"resourceType\":\"Patient\",\"gender\":\"zzz\"}",
                "{\"resourceType\":\"Patient\",\"contained\":[{\"foo\":1}]}", "{\"patient\":null}",
                "{\"a\":{\"resourceType\":\"Patient\"},\"b\":3}", "{\"resourceType\":\"Bundle\",\"entry\":[{}]}",
                "{\"resourceType\":\"Observation\",\"valueQuantity\":{\"value\":\"abc\"}}", "{\"resourceType\":\"Patient\"",
                "{\"hook\":\"patient-view\",\"context\":{\"patientId\":\"1\"},\"prefetch\":{\"p\":null}}");
        for (String input : inputs) {
            Throwable t = catchThrowable(() -> read(map(input)));
            assertThat(t).as(input).satisfiesAnyOf(
                    x -> assertThat(x).isNull(),
                    x -> assertThat(x).isInstanceOf(FhirMappingException.class).hasMessageStartingWith("FCDS-05"));
        }
        assertThatThrownBy(() -> map("{\"resourceType\": 5}")).hasMessageStartingWith("FCDS-0501");
        assertThatThrownBy(() -> map("{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{}}]}"))
                .hasMessageStartingWith("FCDS-0503: a Bundle that HAPI FHIR cannot read as R4");
    }

    // ---------------------------------------------------------------- patient

    @Test
    void whenPatientHasBirthDateAndGender_thenAgeAtAsOfAndSex() {
        FhirMapping mapping = map(bundle(patient("p1", "female", "1963-11-27")));

        assertThat(mapping.patientFacts().toString())
                .isEqualTo("{\"id\":\"p1\",\"asOf\":\"2026-11-26\",\"age\":62,\"sex\":\"FEMALE\"}");
    }

    @Test
    void whenGenderIsUnknownAndBirthDateOnlyAYear_thenNoSexAndTheYoungestAge() {
        FhirMapping mapping = map("{\"resourceType\":\"Patient\",\"id\":\"p\",\"gender\":\"unknown\",\"birthDate\":\"1970\"}");

        assertThat(mapping.patientFacts().has("sex")).isFalse();
        assertThat(mapping.patientFacts().path("age").asInt()).isEqualTo(55);
        assertThat(mapping.warnings()).contains("Patient.birthDate is given only to the year; age 55 (the youngest it"
                + " can be) was used");
    }

    // ---------------------------------------------------------------- conditions

    @Test
    void whenConditionsHaveVariousStatuses_thenOnlyActiveOnesAreListed() {
        ObjectNode refuted = condition(SCT, "24700007", "active");
        refuted.set("verificationStatus", cc("http://terminology.hl7.org/CodeSystem/condition-ver-status", "refuted", null));
        ObjectNode abated = condition(SCT, "78275009", null);
        abated.put("abatementDateTime", "2020-01-01");
        FhirMapping mapping = map(bundle(patient("p1", "male", "1960-01-01"),
                condition(SCT, "91637004", "active"), condition(SCT, "126952004", "resolved"),
                condition("http://hl7.org/fhir/sid/icd-10-cm", "G47.33", "relapse"), refuted, abated,
                condition(SCT, "230684008", null)));

        assertThat(mapping.patientFacts().path("conditions").toString()).isEqualTo("[{\"system\":\"http://snomed.info/sct\","
                + "\"code\":\"91637004\"},{\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":\"G47.33\"},"
                + "{\"system\":\"http://snomed.info/sct\",\"code\":\"230684008\"}]");
        assertThat(mapping.warnings()).contains("conditions without a clinicalStatus (and no abatement), read as active: 1");
        assertThat(read(mapping).conditions()).extracting(c -> c.name().name())
                .containsExactly("MYASTHENIA_GRAVIS", "OBSTRUCTIVE_SLEEP_APNEA", "MYASTHENIA_GRAVIS");
    }

    @Test
    void whenProblemListHasHemifacialSpasm_thenItIsKeptWithAWarning() {
        ObjectNode hfs = condition(SCT, "13753008", "active");
        ((ArrayNode) hfs.get("code").get("coding")).addObject()
                .put("system", "http://hl7.org/fhir/sid/icd-10-cm").put("code", "G51.31");

        FhirMapping mapping = map(bundle(patient("p1", "male", "1960-01-01"), hfs));

        assertThat(mapping.warnings()).contains("problem list has hemifacial spasm (SNOMED 13753008); kept as a known"
                + " condition: the rules assess the presentation itself");
        assertThat(mapping.patientFacts().path("conditions").get(0).path("code").asText()).isEqualTo("13753008");
    }

    @Test
    void whenBellsPalsyIsOnRecord_thenFacialPalsyHistoryIsFilled() {
        ObjectNode bells = condition(SCT, "193093009", "resolved");
        bells.put("onsetDateTime", "2019-03-04T10:00:00+01:00");

        FhirMapping mapping = map(bundle(patient("p1", "female", "1980-01-01"), bells));

        assertThat(mapping.patientFacts().path("history").toString())
                .isEqualTo("{\"facialPalsy\":{\"cause\":\"BELLS_PALSY\",\"onsetDate\":\"2019-03-04\"}}");
        assertThat(read(mapping).facialPalsy().daysSinceOnset()).isPositive();
    }

    // ---------------------------------------------------------------- pregnancy, breastfeeding, eGFR

    private static ObjectNode observation(String system, String code, String date) {
        ObjectNode o = resource("{'resourceType':'Observation','status':'final','subject':{'reference':'Patient/p1'}}");
        o.set("code", cc(system, code, null));
        o.put("effectiveDateTime", date);
        return o;
    }

    @Test
    void whenPregnancyStatusIsObservedSeveralTimes_thenTheLatestRecentOneCounts() {
        ObjectNode old = observation(LOINC, "82810-3", "2026-09-01");
        old.set("valueCodeableConcept", cc(LOINC, "LA26683-5", "Not pregnant"));
        ObjectNode recent = observation(LOINC, "82810-3", "2026-11-20");
        recent.set("valueCodeableConcept", cc(LOINC, "LA15173-0", "Pregnant"));

        FhirMapping mapping = map(bundle(patient("p1", "female", "1995-01-01"), old, recent));

        assertThat(mapping.patientFacts().path("pregnant").asBoolean()).isTrue();
        assertThat(mapping.warnings()).anyMatch(w -> w.startsWith("a pregnancy-status Observation (no) is dated"
                + " 2026-09-01, more than 30 days before asOf"));
    }

    @Test
    void whenOnlyAnOldPregnancyConditionIsActive_thenPregnancyIsNotDocumented() {
        ObjectNode pregnancy = condition(SCT, "72892002", "active");
        pregnancy.put("onsetDateTime", "2024-01-01");
        ObjectNode current = condition("http://hl7.org/fhir/sid/icd-10-cm", "Z34.80", "active");
        current.put("onsetDateTime", "2026-10-01");

        assertThat(map(bundle(patient("p1", "female", "1995-01-01"), pregnancy)).patientFacts().has("pregnant")).isFalse();
        assertThat(map(bundle(patient("p1", "female", "1995-01-01"), current)).patientFacts().path("pregnant")
                .asBoolean()).isTrue();
    }

    @Test
    void whenBreastfeedingAndEgfrAreObserved_thenTheyAreMapped() {
        ObjectNode feeding = observation(LOINC, "63895-7", "2026-11-01");
        feeding.put("valueBoolean", true);
        ObjectNode egfrOld = observation(LOINC, "62238-1", "2026-02-01");
        egfrOld.set("valueQuantity", resource("{'value':88,'unit':'mL/min/{1.73_m2}'}"));
        ObjectNode egfrNew = observation(LOINC, "33914-3", "2026-10-01");
        egfrNew.set("valueQuantity", resource("{'value':52.5,'code':'mL/min/{1.73_m2}'}"));

        FhirMapping mapping = map(bundle(patient("p1", "female", "1995-01-01"), feeding, egfrNew, egfrOld));

        assertThat(mapping.patientFacts().path("breastfeeding").asBoolean()).isTrue();
        assertThat(mapping.patientFacts().path("labs").toString()).isEqualTo("{\"egfr\":52.5}");
    }

    // ---------------------------------------------------------------- medications

    @Test
    void whenMedicationStatementsHaveStatusesAndPeriods_thenDatesAndStatusesAreMapped() {
        ObjectNode ongoing = resource("{'resourceType':'MedicationStatement','status':'active','subject':{'reference':"
                + "'Patient/p1'},'effectivePeriod':{'start':'2025-03-01'},'contained':[{'resourceType':'Medication',"
                + "'id':'m1','code':{'coding':[{'system':'" + RXNORM + "','code':'1049621','display':'oxycodone"
                + " hydrochloride 5 MG Oral Tablet'}]}}],'medicationReference':{'reference':'#m1'}}");
        ObjectNode stopped = resource("{'resourceType':'MedicationStatement','status':'stopped','subject':{'reference':"
                + "'Patient/p1'},'effectiveDateTime':'2024-05-02','dateAsserted':'2024-08-01',"
                + "'medicationCodeableConcept':{'text':'haloperidol decanoate 50 MG/ML Injectable Solution'}}");
        ObjectNode wrong = resource("{'resourceType':'MedicationRequest','status':'entered-in-error','intent':'order',"
                + "'subject':{'reference':'Patient/p1'},'medicationCodeableConcept':{'text':'diazepam'}}");

        FhirMapping mapping = map(bundle(patient("p1", "female", "1960-01-01"), ongoing, stopped, wrong));

        assertThat(mapping.patientFacts().path("medications").toString()).isEqualTo("[{\"name\":\"haloperidol decanoate"
                + " 50 MG/ML Injectable Solution\",\"startDate\":\"2024-05-02\",\"endDate\":\"2024-08-01\",\"route\":"
                + "\"DEPOT\"},{\"name\":\"oxycodone hydrochloride 5 MG Oral Tablet\",\"code\":{\"system\":\"" + RXNORM
                + "\",\"code\":\"1049621\"},\"startDate\":\"2025-03-01\",\"route\":\"ORAL\"}]");
        assertThat(mapping.warnings()).contains("completed or stopped medications without an end date, endDate set"
                + " to the last date on the record (often the order date): 1");
        PatientFacts facts = read(mapping);
        assertThat(facts.medications()).extracting(m -> m.current()).containsExactly(false, true);
        assertThat(facts.medications().get(0).classes()).contains(DrugClass.DOPAMINE_BLOCKER);
    }

    @Test
    void whenNoMedicationResources_thenMedicationsAreAbsentUnlessStatedComplete() {
        String json = bundle(patient("p1", "female", "1960-01-01"));

        assertThat(mapper.map(json, null, AS_OF).patientFacts().has("medications")).isFalse();
        assertThat(mapper.map(json, null, AS_OF, true).patientFacts().path("medications").toString()).isEqualTo("[]");
        assertThat(read(mapper.map(json, null, AS_OF, true)).patient().medicationsDocumented()).isTrue();
    }

    // ---------------------------------------------------------------- allergies, procedures, devices

    @Test
    void whenBotoxAllergyAndInjectionsAreRecorded_thenToxinHistoryIsFilled() {
        ObjectNode allergy = resource("{'resourceType':'AllergyIntolerance','patient':{'reference':'Patient/p1'},"
                + "'code':{'text':'Botox (onabotulinumtoxinA)'}}");
        ObjectNode older = resource("{'resourceType':'Procedure','status':'completed','subject':{'reference':'Patient/p1'},"
                + "'performedDateTime':'2026-05-01'}");
        older.set("code", cc(CPT, "64612", null));
        ObjectNode latest = resource("{'resourceType':'Procedure','status':'completed','subject':{'reference':'Patient/p1'},"
                + "'performedPeriod':{'start':'2026-09-14T09:00:00Z','end':'2026-09-14T09:20:00Z'},"
                + "'code':{'text':'Botulinum toxin injection, orbicularis oculi'}}");
        ObjectNode planned = resource("{'resourceType':'Procedure','status':'completed','subject':{'reference':'Patient/p1'},"
                + "'performedDateTime':'2027-01-10'}");
        planned.set("code", cc("https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", "J0585", null));

        FhirMapping mapping = map(bundle(patient("p1", "female", "1960-01-01"), allergy, older, latest, planned));

        assertThat(mapping.patientFacts().path("history").toString()).isEqualTo(
                "{\"botulinumToxin\":{\"lastInjectionDate\":\"2026-09-14\",\"hypersensitivity\":true}}");
        assertThat(mapping.warnings()).contains("resources dated after asOf 2026-11-26, left out: 1");
    }

    @Test
    void whenDevicesAreImplanted_thenTheWorstMrSafetyIsKept() {
        ObjectNode pacemaker = resource("{'resourceType':'Device','status':'active','patient':{'reference':'Patient/p1'}}");
        pacemaker.set("type", cc(SCT, "14106009", "Cardiac pacemaker, device (physical object)"));
        ObjectNode labelled = resource("{'resourceType':'Device','patient':{'reference':'Patient/p1'},"
                + "'type':{'text':'Cochlear implant'}}");
        labelled.putArray("safety").add(cc("urn:oid:2.16.840.1.113883.3.26.1.1", "C106047", "Magnetic Resonance Unsafe"));
        ObjectNode meter = resource("{'resourceType':'Device','patient':{'reference':'Patient/p1'},"
                + "'type':{'text':'Blood glucose meter'}}");

        FhirMapping one = map(bundle(patient("p1", "female", "1960-01-01"), pacemaker, meter));
        FhirMapping both = map(bundle(patient("p1", "female", "1960-01-01"), pacemaker, labelled));

        assertThat(one.patientFacts().path("mriSafety").asText()).isEqualTo("MR_CONDITIONAL_DEVICE");
        assertThat(one.warnings()).contains("a cardiac pacemaker (Device) has no MR safety information: mriSafety ="
                + " MR_CONDITIONAL_DEVICE; confirm MR status", "not used by the rules: Device ×1");
        assertThat(both.patientFacts().path("mriSafety").asText()).isEqualTo("NON_MR_CONDITIONAL_DEVICE");
    }

    // ---------------------------------------------------------------- imaging

    @Test
    void whenReportAndOrderExistForBrainImaging_thenOneDoneStudyWithFindingsAndTheOpenOrder() {
        ObjectNode done = resource("{'resourceType':'ServiceRequest','id':'sr1','status':'active','intent':'order',"
                + "'subject':{'reference':'Patient/p1'},'authoredOn':'2026-09-01'}");
        done.set("code", cc(CPT, "70553", null));
        ObjectNode report = resource("{'resourceType':'DiagnosticReport','status':'final','subject':{'reference':"
                + "'Patient/p1'},'effectiveDateTime':'2026-09-20','basedOn':[{'reference':'ServiceRequest/sr1'}]}");
        report.set("code", cc(CPT, "70553", null));
        report.putArray("conclusionCode").add(cc("https://facial-cds.org/fhir/CodeSystem/imaging-finding", "TUMOUR_CPA",
                null)).add(cc(SCT, "12345678", null));
        ObjectNode open = resource("{'resourceType':'ServiceRequest','status':'draft','intent':'order','subject':"
                + "{'reference':'Patient/p1'},'authoredOn':'2026-11-25','occurrenceDateTime':'2026-12-03'}");
        open.set("code", cc(LOINC, "30659-7", null));

        FhirMapping mapping = map(bundle(patient("p1", "female", "1960-01-01"), done, report, open));

        assertThat(mapping.patientFacts().path("imaging").toString()).isEqualTo("[{\"modality\":\"MRI\",\"status\":\"DONE\","
                + "\"date\":\"2026-09-20\",\"contrast\":true,\"protocol\":\"STANDARD\",\"findings\":[\"TUMOUR_CPA\"]},"
                + "{\"modality\":\"MRI\",\"status\":\"ORDERED\",\"date\":\"2026-12-03\",\"contrast\":true,\"protocol\":"
                + "\"HFS_PROTOCOL\"}]");
        assertThat(mapping.warnings()).contains("an imaging conclusion code (http://snomed.info/sct|12345678) is not"
                + " mapped to a finding; not used");
        assertThat(read(mapping).imaging()).hasSize(2);
    }

    // ---------------------------------------------------------------- questionnaire

    private static ObjectNode response(String status, String authored, String items) {
        return resource("{'resourceType':'QuestionnaireResponse','questionnaire':"
                + "'https://facial-cds.org/fhir/Questionnaire/facial-twitching-assessment|1','status':'" + status
                + "','subject':{'reference':'Patient/p1'},'authored':'" + authored + "','item':" + items + "}");
    }

    @Test
    void whenSeveralAssessmentsExist_thenTheLatestCompletedOneIsRead() {
        String a = "'https://facial-cds.org/fhir/CodeSystem/facial-twitching'";
        ObjectNode older = response("completed", "2026-10-01", "[{'linkId':'twitching.laterality','answer':[{'valueCoding':"
                + "{'system':" + a + ",'code':'UNILATERAL_LEFT'}}]}]");
        ObjectNode latest = response("completed", "2026-11-20", "[{'linkId':'twitching','item':["
                + "{'linkId':'twitching.laterality','answer':[{'valueCoding':{'system':" + a + ",'code':'UNILATERAL_RIGHT'}}]},"
                + "{'linkId':'twitching.regions','answer':[{'valueCoding':{'system':" + a + ",'code':'PERIOCULAR'}},"
                + "{'valueCoding':{'system':" + a + ",'code':'CHEEK'}}]},"
                + "{'linkId':'twitching.durationDays','answer':[{'valueInteger':90}]},"
                + "{'linkId':'twitching.movement','answer':[{'valueCoding':{'system':" + a + ",'code':'BOTH'}}]}]},"
                + "{'linkId':'lifestyle','item':[{'linkId':'lifestyle.caffeineMgPerDay','answer':[{'valueDecimal':400}]}]},"
                + "{'linkId':'safety','item':[{'linkId':'mriSafety','answer':[{'valueCoding':{'system':" + a
                + ",'code':'SEVERE_CLAUSTROPHOBIA'}}]}]},"
                + "{'linkId':'exam.ptosis','answer':[{'valueBoolean':false}]},{'linkId':'exam.mood','answer':[{'valueBoolean':true}]}]");
        ObjectNode draft = response("in-progress", "2026-11-25", "[{'linkId':'exam.ptosis','answer':[{'valueBoolean':true}]}]");

        FhirMapping mapping = map(bundle(patient("p1", "female", "1960-01-01"), older, latest, draft));

        assertThat(mapping.patientFacts().toString()).isEqualTo("{\"id\":\"p1\",\"asOf\":\"2026-11-26\",\"age\":66,"
                + "\"sex\":\"FEMALE\",\"twitching\":{\"laterality\":\"UNILATERAL_RIGHT\",\"regions\":[\"PERIOCULAR\","
                + "\"CHEEK\"],\"durationDays\":90},\"exam\":{\"ptosis\":false},\"lifestyle\":{\"caffeineMgPerDay\":400},"
                + "\"mriSafety\":\"SEVERE_CLAUSTROPHOBIA\"}");
        assertThat(mapping.warnings()).contains(
                "assessment: twitching.movement: answer is not one of FINE_FLICKER, UNDULATING_RIPPLE, CLONIC_TONIC_SPASM,"
                        + " SUSTAINED_CLOSURE, BRIEF_SUPPRESSIBLE, RHYTHMIC_JERKING, OROBUCCOLINGUAL_CHOREA, TONIC_PULLING;"
                        + " not used",
                "assessment: item exam.mood is not in the questionnaire; not used",
                "facial-twitching assessments not completed (in progress or another status), not used: 1");
        assertThat(read(mapping).twitching().onsetDate()).isEqualTo(AS_OF.minusDays(90));
    }

    // ---------------------------------------------------------------- CDS Hooks, threads, timing

    @Test
    void whenPrefetchObjectHoldsPatientAndBundles_thenAllAreRead() {
        ObjectNode prefetch = JSON.createObjectNode();
        prefetch.set("patient", patient("p1", "male", "1950-06-01"));
        prefetch.set("conditions", JSON.valueToTree(readTree(bundle(condition(SCT, "91637004", "active")))));
        prefetch.putNull("medications");

        FhirMapping mapping = mapper.map(prefetch.toString(), null, AS_OF);

        assertThat(mapping.patientFacts().path("age").asInt()).isEqualTo(76);
        assertThat(mapping.patientFacts().path("conditions").size()).isEqualTo(1);
        assertThat(mapping.patientFacts().has("medications")).isFalse();
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void whenResourcesWereParsedByTheCaller_thenTheyMapLikeTheText() {
        IParser parser = FhirPatientMapper.fhirContext().newJsonParser();
        Patient p = parser.parseResource(Patient.class, patient("p1", "male", "1950-06-01").toString());

        FhirMapping mapping = mapper.map(List.of(p), null, AS_OF);

        assertThat(mapping.patientFacts().toString())
                .isEqualTo("{\"id\":\"p1\",\"asOf\":\"2026-11-26\",\"age\":76,\"sex\":\"MALE\"}");
    }

    @Test
    void whenManyThreadsMapAtOnce_thenEachGetsTheSameFacts() throws Exception {
        String json = Files.readString(Path.of("examples", "fhir", "v24-hfs-on-opioids.bundle.json"));
        JsonNode expected = mapper.map(json, null, AS_OF).patientFacts();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<JsonNode>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                results.add(pool.submit(() -> new FhirPatientMapper().map(json, null, AS_OF).patientFacts()));
            }
            for (Future<JsonNode> f : results) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void whenAFhirContextIsCreatedAndUsed_thenItsCostIsPrinted() throws Exception {
        String bundle = Files.readString(Path.of("..", "shared", "fixtures", "fhir", "smart-generated-sample-data-r4-synthea")
                .resolve("Oralia_Stark_b21200a6-ec96-408b-b8ab-e481402ac607.json"));
        long t0 = System.nanoTime();
        FhirContext context = FhirContext.forR4();
        long t1 = System.nanoTime();
        context.newJsonParser().parseResource(bundle);
        long t2 = System.nanoTime();
        context.newJsonParser().parseResource(bundle);
        long t3 = System.nanoTime();
        new FhirPatientMapper().map(bundle, null, AS_OF);
        long t4 = System.nanoTime();
        System.out.printf(Locale.ROOT, "[fhir] FhirContext.forR4(): %.1f ms; first parse of a 654 KB Synthea bundle:"
                + " %.1f ms; second parse: %.1f ms; full mapping (parse + facts): %.1f ms%n",
                (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6);
        assertThat(t4).isGreaterThan(t0);
    }
}
