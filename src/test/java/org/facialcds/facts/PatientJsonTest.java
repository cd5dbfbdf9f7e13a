package org.facialcds.facts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PatientJsonTest {

    static final LocalDate AS_OF = LocalDate.parse("2026-11-26");
    static final String SNOMED = "http://snomed.info/sct";
    static final String ICD10 = "http://hl7.org/fhir/sid/icd-10-cm";
    static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

    /** A tiny vocabulary: two condition codes, one RxNorm code, two drug names. */
    static final Vocabulary VOCABULARY = new Vocabulary() {
        @Override
        public Optional<ConditionName> condition(String system, String code) {
            if (SNOMED.equals(system) && "91637004".equals(code)) return Optional.of(ConditionName.MYASTHENIA_GRAVIS);
            if (ICD10.equals(system) && "G70.00".equals(code)) return Optional.of(ConditionName.MYASTHENIA_GRAVIS);
            return Optional.empty();
        }

        @Override
        public Set<DrugClass> drugClasses(String system, String code, String name) {
            if (RXNORM.equals(system) && "7804".equals(code)) return Set.of(DrugClass.OPIOID);
            String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
            if (n.contains("diazepam")) return Set.of(DrugClass.BENZODIAZEPINE, DrugClass.CNS_DEPRESSANT);
            if (n.contains("haloperidol")) return Set.of(DrugClass.DOPAMINE_BLOCKER);
            return Set.of();
        }
    };

    static final String SPEC_EXAMPLE = """
            {
              "id": "example-beb",
              "asOf": "2026-11-26",
              "age": 63,
              "sex": "FEMALE",
              "pregnant": false,
              "breastfeeding": false,
              "twitching": {
                "laterality": "BILATERAL_SYNCHRONOUS",
                "regions": ["PERIOCULAR"],
                "firstRegion": "PERIOCULAR",
                "movement": "SUSTAINED_CLOSURE",
                "onsetDate": "2025-05-20",
                "continuous": false,
                "persistsInSleep": false,
                "sensoryTrick": true,
                "increasedBlinking": true,
                "canSuppress": false,
                "browLiftSign": false,
                "triggers": ["BRIGHT_LIGHT", "STRESS"]
              },
              "exam": { "neuroExam": "NORMAL", "facialWeakness": false, "ptosis": false, "diplopia": false },
              "conditions": [],
              "medications": [],
              "imaging": [ { "modality": "MRI", "status": "DONE", "date": "2026-10-02", "findings": ["NORMAL"] } ]
            }
            """;

    // ---- helpers -------------------------------------------------------------------------------

    /** JSON with single quotes for brevity. */
    static String j(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    static ParseResult parse(String json) {
        return PatientJson.parse(json, VOCABULARY, null, AS_OF);
    }

    static PatientFacts facts(String json) {
        ParseResult result = parse(json);
        assertThat(result.problems()).as("problems").isEmpty();
        assertThat(result.ok()).isTrue();
        assertThat(result.facts()).isNotNull();
        return result.facts();
    }

    static List<InputProblem> problems(String json) {
        ParseResult result = parse(json);
        assertThat(result.ok()).isFalse();
        assertThat(result.facts()).as("facts of an invalid input").isNull();
        return result.problems();
    }

    /** Exactly one problem, at {@code path}, whose message contains every fragment. */
    static InputProblem onlyProblem(String json, String path, String... fragments) {
        List<InputProblem> problems = problems(json);
        assertThat(problems).as("problems").hasSize(1);
        InputProblem problem = problems.get(0);
        assertThat(problem.path()).isEqualTo(path);
        if (fragments.length > 0) {
            assertThat(problem.message()).contains(fragments);
        }
        return problem;
    }

    static Medication onlyMedication(String json) {
        List<Medication> medications = facts(json).medications();
        assertThat(medications).hasSize(1);
        return medications.get(0);
    }

    // ---- the spec example ------------------------------------------------------------------------

    @Test
    void whenSpecExampleIsParsed_thenEveryFieldAndDerivedFieldIsRight() {
        PatientFacts f = facts(SPEC_EXAMPLE);

        Patient p = f.patient();
        assertThat(p.id()).isEqualTo("example-beb");
        assertThat(p.asOf()).isEqualTo(AS_OF);
        assertThat(p.age()).isEqualTo(63);
        assertThat(p.sex()).isEqualTo(Sex.FEMALE);
        assertThat(p.pregnant()).isFalse();
        assertThat(p.breastfeeding()).isFalse();
        assertThat(p.mriSafety()).isNull();
        assertThat(p.eeg()).isNull();
        assertThat(p.egfr()).isNull();
        assertThat(p.declinesInjections()).isNull();
        assertThat(p.wantsDefinitiveTreatment()).isNull();
        assertThat(p.medicationsDocumented()).isTrue();
        assertThat(p.conditionsDocumented()).isTrue();

        Twitching t = f.twitching();
        assertThat(t.laterality()).isEqualTo(Laterality.BILATERAL_SYNCHRONOUS);
        assertThat(t.regions()).containsExactly(Region.PERIOCULAR);
        assertThat(t.firstRegion()).isEqualTo(Region.PERIOCULAR);
        assertThat(t.movement()).isEqualTo(Movement.SUSTAINED_CLOSURE);
        assertThat(t.onsetDate()).isEqualTo(LocalDate.parse("2025-05-20"));
        assertThat(t.durationDays()).isEqualTo(555); // 365 + 184 (May 20 -> Nov 20) + 6
        assertThat(t.ageAtOnset()).isEqualTo(61); // 63 - ceil(555 / 365): the youngest she can have been
        assertThat(t.continuous()).isFalse();
        assertThat(t.persistsInSleep()).isFalse();
        assertThat(t.sensoryTrick()).isTrue();
        assertThat(t.increasedBlinking()).isTrue();
        assertThat(t.canSuppress()).isFalse();
        assertThat(t.browLiftSign()).isFalse();
        assertThat(t.triggers()).containsExactlyInAnyOrder(Trigger.BRIGHT_LIGHT, Trigger.STRESS);
        assertThat(t.onsetAbrupt()).isNull();
        assertThat(t.progressive()).isNull();
        assertThat(t.spreadSinceOnset()).isNull();
        assertThat(t.photophobia()).isNull();
        assertThat(t.premonitoryUrge()).isNull();
        assertThat(t.triggeredByVoluntaryMovement()).isNull();
        assertThat(t.impairedAwareness()).isNull();
        assertThat(t.spreadsToLimb()).isNull();
        assertThat(t.distractible()).isNull();
        assertThat(t.painful()).isNull();

        Exam e = f.exam();
        assertThat(e.neuroExam()).isEqualTo(NeuroExam.NORMAL);
        assertThat(e.facialWeakness()).isFalse();
        assertThat(e.ptosis()).isFalse();
        assertThat(e.diplopia()).isFalse();
        assertThat(e.eyeClosureIncomplete()).isNull();
        assertThat(e.hearingLoss()).isNull();
        assertThat(e.limbWeakness()).isNull();

        assertThat(f.history()).isEqualTo(new History(null, null, null, null));
        assertThat(f.facialPalsy()).isNull();
        assertThat(f.toxinHistory()).isNull();
        assertThat(f.lifestyle()).isEqualTo(new Lifestyle(null, null, null, null));
        assertThat(f.conditions()).isEmpty();
        assertThat(f.medications()).isEmpty();
        assertThat(f.imaging()).containsExactly(new ImagingStudy(0, Modality.MRI, ImagingStatus.DONE,
                LocalDate.parse("2026-10-02"), null, null, Set.of(Finding.NORMAL), true));
        assertThat(f.warnings()).isEmpty();
        assertThat(f.facts()).hasSize(6); // patient, twitching, exam, history, lifestyle, one study
    }

    @Test
    void whenSpecExampleIsReadAsYamlTree_thenDatesGivenAsTextParseTheSame() throws Exception {
        JsonNode yaml = new YAMLMapper().readTree("""
                id: example-beb
                asOf: 2026-11-26
                age: 63
                twitching:
                  onsetDate: 2025-05-20
                  regions: [PERIOCULAR]
                imaging:
                  - modality: MRI
                    status: DONE
                    date: 2026-10-02
                """);
        ParseResult result = PatientJson.parse(yaml, VOCABULARY, null, LocalDate.parse("2000-01-01"));

        assertThat(result.problems()).isEmpty();
        assertThat(result.facts().patient().asOf()).isEqualTo(AS_OF);
        assertThat(result.facts().twitching().durationDays()).isEqualTo(555);
        assertThat(result.facts().imaging().get(0).counts()).isTrue();
    }

    // ---- asOf ----------------------------------------------------------------------------------

    @Test
    void whenAsOfOverrideIsGiven_thenItReplacesTheDocumentsAsOf() {
        LocalDate override = LocalDate.parse("2026-12-06");
        ParseResult result = PatientJson.parse(SPEC_EXAMPLE, VOCABULARY, override, LocalDate.parse("2000-01-01"));

        assertThat(result.facts().patient().asOf()).isEqualTo(override);
        assertThat(result.facts().twitching().durationDays()).isEqualTo(565);
    }

    @Test
    void whenAsOfIsAbsentEverywhere_thenTodayIsUsed() {
        LocalDate today = LocalDate.parse("2026-01-15");
        ParseResult result = PatientJson.parse(j("{'twitching': {'durationDays': 14}}"), VOCABULARY, null, today);

        assertThat(result.facts().patient().asOf()).isEqualTo(today);
        assertThat(result.facts().twitching().onsetDate()).isEqualTo(LocalDate.parse("2026-01-01"));
    }

    @Test
    void whenAsOfIsNotADate_thenProblemNamesAsOf() {
        onlyProblem(j("{'asOf': '26/11/2026'}"), "$.asOf", "\"26/11/2026\"", "expected an ISO date yyyy-MM-dd");
    }

    // ---- malformed documents -----------------------------------------------------------------

    @Test
    void whenJsonIsMalformed_thenProblemAtRootWithLocationAndNoStackTrace() {
        InputProblem problem = onlyProblem("{\n  \"age\": 63,\n}", "$", "malformed JSON", "line 3", "column",
                "expected one JSON object");
        assertThat(problem.message()).doesNotContain("Exception", "\tat ", "\n");
    }

    @Test
    void whenAKeyIsDuplicated_thenProblemAtRoot() {
        onlyProblem(j("{'age': 63, 'age': 64}"), "$", "malformed JSON", "Duplicate field 'age'");
    }

    @Test
    void whenContentTrailsTheObject_thenProblemAtRoot() {
        onlyProblem(j("{'age': 63} {'age': 64}"), "$", "malformed JSON");
    }

    @Test
    void whenInputIsEmpty_thenProblemAtRoot() {
        onlyProblem("", "$", "expected a JSON object");
        onlyProblem("   ", "$", "expected a JSON object");
        onlyProblem((String) null, "$", "expected a JSON object");
    }

    @Test
    void whenRootIsNotAnObject_thenProblemAtRoot() {
        onlyProblem("[1, 2]", "$", "expected a JSON object", "got a list");
        onlyProblem("42", "$", "expected a JSON object", "got a number");
        onlyProblem("null", "$", "expected a JSON object");
    }

    // ---- unknown fields ------------------------------------------------------------------------

    @Test
    void whenTopLevelFieldIsMisspelt_thenUnknownFieldListsTheAllowedNames() {
        onlyProblem(j("{'agee': 63}"), "$.agee", "unknown field; expected one of id, asOf, age, birthDate, sex");
    }

    @Test
    void whenNestedFieldIsMisspelt_thenUnknownFieldNamesItsFullPath() {
        onlyProblem(j("{'twitching': {'lateralty': 'UNILATERAL_LEFT'}}"), "$.twitching.lateralty",
                "unknown field; expected one of laterality, regions, firstRegion");
        onlyProblem(j("{'exam': {'ptossis': true}}"), "$.exam.ptossis", "expected one of neuroExam, facialWeakness");
        onlyProblem(j("{'history': {'facialPalsy': {'sde': 'LEFT'}}}"), "$.history.facialPalsy.sde",
                "expected one of side, onsetDate, cause, recovery");
        onlyProblem(j("{'medications': [{'name': 'x', 'code': {'system': 's', 'code': 'c', 'display': 'd'}}]}"),
                "$.medications[0].code.display", "expected one of system, code");
        onlyProblem(j("{'imaging': [{'modality': 'MRI', 'status': 'DONE', 'result': 'ok'}]}"),
                "$.imaging[0].result", "expected one of modality, status, date, contrast, protocol, findings");
    }

    @Test
    void whenFieldNameIsNotAnIdentifier_thenPathUsesBrackets() {
        onlyProblem(j("{'lab values': {}}"), "$['lab values']", "unknown field");
    }

    // ---- wrong types ---------------------------------------------------------------------------

    @Test
    void whenBooleanIsGivenAsString_thenProblemNamesBoolean() {
        onlyProblem(j("{'pregnant': 'true'}"), "$.pregnant", "expected a boolean (true or false)", "got a string");
        onlyProblem(j("{'twitching': {'sensoryTrick': 1}}"), "$.twitching.sensoryTrick", "expected a boolean");
    }

    @Test
    void whenAgeIsNotAWholeNumber_thenProblemNamesWholeNumber() {
        onlyProblem(j("{'age': 63.5}"), "$.age", "not a whole number", "expected a whole number from 0 to 130");
        onlyProblem(j("{'age': '63'}"), "$.age", "expected a whole number from 0 to 130", "got a string");
    }

    @Test
    void whenDurationDaysIsNotAWholeNumber_thenProblemNamesWholeNumber() {
        onlyProblem(j("{'twitching': {'durationDays': 2.5}}"), "$.twitching.durationDays", "expected a whole number");
    }

    @Test
    void whenNumberIsGivenAsString_thenProblemNamesNumber() {
        onlyProblem(j("{'labs': {'egfr': '60'}}"), "$.labs.egfr", "expected a number from 0 to 300", "got a string");
    }

    @Test
    void whenStringIsGivenAsNumber_thenProblemNamesString() {
        onlyProblem(j("{'id': 12}"), "$.id", "expected a string", "got a number");
    }

    @Test
    void whenListIsGivenAsSingleValue_thenProblemNamesList() {
        onlyProblem(j("{'twitching': {'regions': 'PERIOCULAR'}}"), "$.twitching.regions",
                "expected a list of UPPER_LID, LOWER_LID, PERIOCULAR");
        onlyProblem(j("{'medications': {'name': 'x'}}"), "$.medications", "expected a list of medication objects");
    }

    @Test
    void whenObjectIsGivenAsList_thenProblemNamesObject() {
        onlyProblem(j("{'twitching': []}"), "$.twitching", "expected an object with fields laterality", "got a list");
        onlyProblem(j("{'conditions': ['MYASTHENIA_GRAVIS']}"), "$.conditions[0]",
                "expected an object with fields system, code");
    }

    @Test
    void whenListElementIsNull_thenProblemNamesElement() {
        onlyProblem(j("{'twitching': {'triggers': ['STRESS', null]}}"), "$.twitching.triggers[1]",
                "expected one of CAFFEINE");
        onlyProblem(j("{'imaging': [null]}"), "$.imaging[0]", "expected an object");
    }

    @Test
    void whenDateIsNotIsoOrDoesNotExist_thenProblemNamesIsoDate() {
        onlyProblem(j("{'twitching': {'onsetDate': '2026/01/02'}}"), "$.twitching.onsetDate",
                "invalid date \"2026/01/02\"", "expected an ISO date yyyy-MM-dd");
        onlyProblem(j("{'twitching': {'onsetDate': '2026-02-30'}}"), "$.twitching.onsetDate", "invalid date");
        onlyProblem(j("{'birthDate': 19630101}"), "$.birthDate", "expected an ISO date string yyyy-MM-dd");
    }

    // ---- enums ---------------------------------------------------------------------------------

    @Test
    void whenLateralityIsBoth_thenProblemListsTheLateralities() {
        InputProblem problem = onlyProblem(j("{'twitching': {'laterality': 'BOTH'}}"), "$.twitching.laterality");
        assertThat(problem.message()).isEqualTo("unknown value \"BOTH\"; expected one of UNILATERAL_LEFT, "
                + "UNILATERAL_RIGHT, BILATERAL_SYNCHRONOUS, BILATERAL_INDEPENDENT");
        assertThat(problem).hasToString("$.twitching.laterality: " + problem.message());
    }

    @Test
    void whenEnumIsNotExactUpperSnake_thenProblem() {
        onlyProblem(j("{'sex': 'female'}"), "$.sex", "unknown value \"female\"", "expected one of FEMALE, MALE, OTHER");
        onlyProblem(j("{'imaging': [{'modality': 'MRI', 'status': 'DONE', 'findings': ['NORMAL', 'TUMOR_CPA']}]}"),
                "$.imaging[0].findings[1]", "unknown value \"TUMOR_CPA\"", "TUMOUR_CPA");
        onlyProblem(j("{'medications': [{'name': 'x', 'route': 'PO'}]}"), "$.medications[0].route",
                "expected one of ORAL, IV, IM, DEPOT, TOPICAL, OTHER");
    }

    // ---- impossible values -------------------------------------------------------------------

    @Test
    void whenAgeIs190_thenProblemNamesAge() {
        onlyProblem(j("{'age': 190}"), "$.age", "190 is out of range", "expected a whole number from 0 to 130");
    }

    @Test
    void whenAgeIsNegative_thenProblemNamesAge() {
        onlyProblem(j("{'age': -1}"), "$.age", "out of range", "from 0 to 130");
    }

    @Test
    void whenBirthDateIsAfterAsOf_thenProblemNamesBirthDate() {
        onlyProblem(j("{'birthDate': '2026-11-27'}"), "$.birthDate", "after asOf 2026-11-26",
                "expected a date on or before asOf");
    }

    @Test
    void whenBirthDateGivesAgeOver130_thenProblemNamesBirthDate() {
        onlyProblem(j("{'birthDate': '1890-01-01'}"), "$.birthDate", "gives age 136", "expected an age from 0 to 130");
    }

    @Test
    void whenAgeAndBirthDateDisagree_thenProblemNamesAge() {
        onlyProblem(j("{'age': 60, 'birthDate': '1963-01-01'}"), "$.age", "disagrees with birthDate 1963-01-01",
                "age 63 at asOf");
    }

    @Test
    void whenEgfrIsNegativeOrOver300_thenProblemNamesEgfr() {
        onlyProblem(j("{'labs': {'egfr': -5}}"), "$.labs.egfr", "-5 is out of range", "expected a number from 0 to 300");
        onlyProblem(j("{'labs': {'egfr': 300.5}}"), "$.labs.egfr", "out of range");
    }

    @Test
    void whenCaffeineIsOutOfRange_thenProblemNamesCaffeine() {
        onlyProblem(j("{'lifestyle': {'caffeineMgPerDay': -1}}"), "$.lifestyle.caffeineMgPerDay",
                "expected a number from 0 to 10000");
        onlyProblem(j("{'lifestyle': {'caffeineMgPerDay': 10001}}"), "$.lifestyle.caffeineMgPerDay", "out of range");
    }

    @Test
    void whenSleepHoursAreOutOfRange_thenProblemNamesSleepHours() {
        onlyProblem(j("{'lifestyle': {'sleepHoursPerNight': 25}}"), "$.lifestyle.sleepHoursPerNight",
                "expected a number from 0 to 24");
        onlyProblem(j("{'lifestyle': {'sleepHoursPerNight': -0.5}}"), "$.lifestyle.sleepHoursPerNight",
                "out of range");
    }

    @Test
    void whenDurationDaysIsNegative_thenProblemNamesDurationDays() {
        onlyProblem(j("{'twitching': {'durationDays': -3}}"), "$.twitching.durationDays",
                "expected a whole number 0 or more");
    }

    @Test
    void whenOnsetDateIsAfterAsOf_thenProblemNamesOnsetDate() {
        onlyProblem(j("{'twitching': {'onsetDate': '2026-11-27'}}"), "$.twitching.onsetDate",
                "after asOf 2026-11-26", "expected a date on or before asOf");
    }

    @Test
    void whenOnsetDateAndDurationDisagreeByMoreThanADay_thenProblemNamesDurationDays() {
        // 2026-11-16 is 10 days before asOf
        onlyProblem(j("{'twitching': {'onsetDate': '2026-11-16', 'durationDays': 12}}"), "$.twitching.durationDays",
                "12 days disagrees with onsetDate 2026-11-16", "expected at most 1 day difference");
        assertThat(facts(j("{'twitching': {'onsetDate': '2026-11-16', 'durationDays': 11}}")).twitching().onsetDate())
                .isEqualTo(LocalDate.parse("2026-11-16"));
        assertThat(facts(j("{'twitching': {'onsetDate': '2026-11-16', 'durationDays': 9}}")).twitching().durationDays())
                .isEqualTo(9);
    }

    @Test
    void whenOnsetIsBeforeBirth_thenProblemNamesOnset() {
        onlyProblem(j("{'birthDate': '2020-01-01', 'twitching': {'onsetDate': '2019-06-01'}}"),
                "$.twitching.onsetDate", "before birthDate 2020-01-01");
        onlyProblem(j("{'age': 2, 'twitching': {'durationDays': 3650}}"), "$.twitching.durationDays", "before birth");
    }

    @Test
    void whenHistoryDatesAreAfterAsOf_thenProblemsNameThem() {
        List<InputProblem> problems = problems(j("""
                {'history': {'facialPalsy': {'onsetDate': '2027-01-01'},
                             'botulinumToxin': {'lastInjectionDate': '2026-12-01'}}}"""));
        assertThat(problems).extracting(InputProblem::path)
                .containsExactly("$.history.facialPalsy.onsetDate", "$.history.botulinumToxin.lastInjectionDate");
        assertThat(problems).allSatisfy(p -> assertThat(p.message()).contains("expected a date on or before asOf"));
    }

    @Test
    void whenDoneImagingIsDatedAfterAsOf_thenProblemNamesDate() {
        onlyProblem(j("{'imaging': [{'modality': 'MRI', 'status': 'DONE', 'date': '2026-12-01'}]}"),
                "$.imaging[0].date", "after asOf", "expected a DONE study dated on or before asOf");
    }

    @Test
    void whenOrderedImagingIsDatedAfterAsOf_thenItIsAccepted() {
        ImagingStudy study = facts(j("{'imaging': [{'modality': 'CT', 'status': 'ORDERED', 'date': '2026-12-01'}]}"))
                .imaging().get(0);
        assertThat(study.status()).isEqualTo(ImagingStatus.ORDERED);
        assertThat(study.counts()).isFalse();
    }

    @Test
    void whenMedicationStartsAfterItEnds_thenProblemNamesStartDate() {
        onlyProblem(j("{'medications': [{'name': 'x', 'startDate': '2025-03-01', 'endDate': '2025-02-01'}]}"),
                "$.medications[0].startDate", "after endDate 2025-02-01", "expected a startDate on or before endDate");
    }

    // ---- required parts of list entries ------------------------------------------------------

    @Test
    void whenMedicationHasNoNameCodeOrClasses_thenProblemNamesTheMedication() {
        onlyProblem(j("{'medications': [{'name': 'ok'}, {'route': 'ORAL'}]}"), "$.medications[1]",
                "expected at least one of name, code, classes");
        onlyProblem(j("{'medications': [{'classes': []}]}"), "$.medications[0]", "at least one of name, code, classes");
    }

    @Test
    void whenMedicationCodeHasNoCode_thenProblemNamesIt() {
        onlyProblem(j("{'medications': [{'code': {'system': 'x'}}]}"), "$.medications[0].code.code",
                "missing; expected a string");
    }

    @Test
    void whenConditionHasNoCode_thenProblemNamesCode() {
        onlyProblem(j("{'conditions': [{'system': '" + SNOMED + "'}]}"), "$.conditions[0].code",
                "missing; expected a condition word (one of MYASTHENIA_GRAVIS");
    }

    @Test
    void whenConditionWithoutSystemIsNotAWord_thenProblemListsTheWords() {
        onlyProblem(j("{'conditions': [{'code': 'MYASTHENIA'}]}"), "$.conditions[0].code",
                "unknown value \"MYASTHENIA\"; expected one of MYASTHENIA_GRAVIS, LAMBERT_EATON",
                "or a code with its system");
        onlyProblem(j("{'conditions': [{'code': '91637004'}]}"), "$.conditions[0].code", "unknown value");
    }

    @Test
    void whenImagingHasNoModalityOrStatus_thenBothAreNamed() {
        List<InputProblem> problems = problems(j("{'imaging': [{'date': '2026-01-01'}]}"));
        assertThat(problems).containsExactly(
                new InputProblem("$.imaging[0].modality", "missing; expected one of MRI, CT"),
                new InputProblem("$.imaging[0].status", "missing; expected one of NOT_DONE, ORDERED, DONE"));
    }

    // ---- every problem at once -----------------------------------------------------------------

    @Test
    void whenDocumentHasSeveralProblems_thenAllAreReported() {
        List<InputProblem> problems = problems(j("""
                {
                  'agee': 1, 'age': 190, 'sex': 'F', 'pregnant': 'no',
                  'twitching': {'laterality': 'BOTH', 'onsetDate': '2027-01-01', 'regions': ['EYE']},
                  'labs': {'egfr': -1},
                  'conditions': [{'code': 'NOPE'}],
                  'medications': [{}],
                  'imaging': [{'modality': 'PET', 'status': 'DONE'}]
                }"""));
        assertThat(problems).extracting(InputProblem::path).containsExactlyInAnyOrder(
                "$.agee", "$.age", "$.sex", "$.pregnant",
                "$.twitching.laterality", "$.twitching.onsetDate", "$.twitching.regions[0]",
                "$.labs.egfr", "$.conditions[0].code", "$.medications[0]", "$.imaging[0].modality");
    }

    // ---- unknown stays unknown -----------------------------------------------------------------

    @Test
    void whenFieldsAreNullOrAbsent_thenTheyStayNullNeverFalse() {
        PatientFacts f = facts(j("""
                {'pregnant': null, 'age': null, 'sex': null,
                 'twitching': {'continuous': null, 'laterality': null, 'regions': null},
                 'exam': {'facialWeakness': null},
                 'history': {'falls': null, 'facialPalsy': null},
                 'lifestyle': {'highStress': null},
                 'preferences': {'declinesInjections': null},
                 'medications': null}"""));
        assertThat(f.patient().pregnant()).isNull();
        assertThat(f.patient().age()).isNull();
        assertThat(f.patient().sex()).isNull();
        assertThat(f.patient().declinesInjections()).isNull();
        assertThat(f.patient().medicationsDocumented()).isFalse();
        assertThat(f.patient().conditionsDocumented()).isFalse();
        assertThat(f.twitching().continuous()).isNull();
        assertThat(f.twitching().laterality()).isNull();
        assertThat(f.twitching().regions()).isEmpty();
        assertThat(f.twitching().onsetDate()).isNull();
        assertThat(f.twitching().durationDays()).isNull();
        assertThat(f.twitching().ageAtOnset()).isNull();
        assertThat(f.exam().facialWeakness()).isNull();
        assertThat(f.history().falls()).isNull();
        assertThat(f.facialPalsy()).isNull();
        assertThat(f.lifestyle().highStress()).isNull();
    }

    @Test
    void whenPartsAreAbsent_thenPartsExistWithNullFieldsAndListsAreEmpty() {
        PatientFacts f = facts("{}");
        assertThat(f.patient().asOf()).isEqualTo(AS_OF);
        assertThat(f.twitching()).isNotNull();
        assertThat(f.twitching().regions()).isEmpty();
        assertThat(f.twitching().triggers()).isEmpty();
        assertThat(f.exam()).isEqualTo(new Exam(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null));
        assertThat(f.history()).isEqualTo(new History(null, null, null, null));
        assertThat(f.lifestyle()).isEqualTo(new Lifestyle(null, null, null, null));
        assertThat(f.facialPalsy()).isNull();
        assertThat(f.toxinHistory()).isNull();
        assertThat(f.conditions()).isEmpty();
        assertThat(f.medications()).isEmpty();
        assertThat(f.imaging()).isEmpty();
        assertThat(f.patient().medicationsDocumented()).isFalse();
        assertThat(f.patient().conditionsDocumented()).isFalse();
    }

    @Test
    void whenListsArePresentButEmpty_thenTheyAreDocumented() {
        Patient p = facts(j("{'medications': [], 'conditions': []}")).patient();
        assertThat(p.medicationsDocumented()).isTrue();
        assertThat(p.conditionsDocumented()).isTrue();
    }

    @Test
    void whenHistoryObjectsArePresentButEmpty_thenTheirFactsExistWithNullFields() {
        PatientFacts f = facts(j("{'history': {'facialPalsy': {}, 'botulinumToxin': {}}}"));
        assertThat(f.facialPalsy()).isEqualTo(new FacialPalsy(null, null, null, null, null));
        assertThat(f.toxinHistory()).isEqualTo(new ToxinHistory(null, null, null, null, null));
    }

    // ---- patient and twitching derivations ------------------------------------------------------

    @Test
    void whenOnlyBirthDateIsGiven_thenAgeIsComputedAtAsOf() {
        assertThat(facts(j("{'birthDate': '1963-11-26'}")).patient().age()).isEqualTo(63);
        assertThat(facts(j("{'birthDate': '1963-11-27'}")).patient().age()).isEqualTo(62);
        assertThat(facts(j("{'age': 62, 'birthDate': '1963-11-27'}")).patient().age()).isEqualTo(62);
    }

    @Test
    void whenBirthDateAndOnsetDateAreKnown_thenAgeAtOnsetIsExact() {
        Twitching t = facts(j("{'birthDate': '1963-06-01', 'twitching': {'onsetDate': '2025-05-31'}}")).twitching();
        assertThat(t.ageAtOnset()).isEqualTo(61);
        Twitching onBirthday = facts(j("{'birthDate': '1963-06-01', 'twitching': {'onsetDate': '2025-06-01'}}"))
                .twitching();
        assertThat(onBirthday.ageAtOnset()).isEqualTo(62);
    }

    @Test
    void whenOnlyDurationIsGiven_thenOnsetDateIsComputedAndAgeAtOnsetIsALowerBound() {
        Twitching t = facts(j("{'age': 40, 'twitching': {'durationDays': 730}}")).twitching();
        assertThat(t.onsetDate()).isEqualTo(AS_OF.minusDays(730));
        assertThat(t.durationDays()).isEqualTo(730);
        assertThat(t.ageAtOnset()).isEqualTo(38);
        assertThat(facts(j("{'age': 40, 'twitching': {'durationDays': 364}}")).twitching().ageAtOnset()).isEqualTo(39);
        assertThat(facts(j("{'age': 40, 'twitching': {'durationDays': 0}}")).twitching().ageAtOnset()).isEqualTo(40);
    }

    @Test
    void whenOnlyAgeIsKnown_thenAgeAtOnsetIsTheCurrentAge() {
        assertThat(facts(j("{'age': 40, 'twitching': {}}")).twitching().ageAtOnset()).isEqualTo(40);
        assertThat(facts(j("{'twitching': {'durationDays': 10}}")).twitching().ageAtOnset()).isNull();
    }

    @Test
    void whenPreferencesLabsAndTopLevelEnumsAreGiven_thenPatientCarriesThem() {
        Patient p = facts(j("""
                {'mriSafety': 'MR_CONDITIONAL_DEVICE', 'eeg': 'NORMAL', 'labs': {'egfr': 45.5},
                 'preferences': {'declinesInjections': true, 'wantsDefinitiveTreatment': false}}""")).patient();
        assertThat(p.mriSafety()).isEqualTo(MriSafety.MR_CONDITIONAL_DEVICE);
        assertThat(p.eeg()).isEqualTo(Eeg.NORMAL);
        assertThat(p.egfr()).isEqualTo(45.5);
        assertThat(p.declinesInjections()).isTrue();
        assertThat(p.wantsDefinitiveTreatment()).isFalse();
        assertThat(facts(j("{'labs': {'egfr': 60}}")).patient().egfr()).isEqualTo(60.0);
    }

    @Test
    void whenHistoryAndLifestyleAreGiven_thenDaysSinceAreComputed() {
        PatientFacts f = facts(j("""
                {'history': {'headNeckRadiation': false, 'falls': true,
                   'facialPalsy': {'side': 'LEFT', 'onsetDate': '2026-11-16', 'cause': 'BELLS_PALSY', 'recovery': 'PARTIAL'},
                   'botulinumToxin': {'lastInjectionDate': '2026-09-01', 'response': 'WANING', 'hypersensitivity': false}},
                 'lifestyle': {'caffeineMgPerDay': 500, 'sleepHoursPerNight': 5.5, 'highStress': true, 'alcoholUse': 'NONE'}}"""));
        assertThat(f.history()).isEqualTo(new History(false, null, null, true));
        assertThat(f.facialPalsy()).isEqualTo(new FacialPalsy(Side.LEFT, LocalDate.parse("2026-11-16"), 10,
                PalsyCause.BELLS_PALSY, Recovery.PARTIAL));
        assertThat(f.toxinHistory()).isEqualTo(new ToxinHistory(LocalDate.parse("2026-09-01"), 86,
                ToxinResponse.WANING, false, null));
        assertThat(f.lifestyle()).isEqualTo(new Lifestyle(500.0, 5.5, true, AlcoholUse.NONE));
    }

    // ---- conditions --------------------------------------------------------------------------

    @Test
    void whenConditionsAreWordsOrCodes_thenTheyMapAndKeepTheirInputIndex() {
        PatientFacts f = facts(j("""
                {'conditions': [
                  {'code': 'EPILEPSY'},
                  {'system': '%s', 'code': '12345'},
                  {'system': '%s', 'code': '91637004'},
                  {'system': '%s', 'code': 'G70.00'}
                ]}""".formatted(SNOMED, SNOMED, ICD10)));
        assertThat(f.conditions()).containsExactly(
                new Condition(0, ConditionName.EPILEPSY, null, "EPILEPSY"),
                new Condition(2, ConditionName.MYASTHENIA_GRAVIS, SNOMED, "91637004"),
                new Condition(3, ConditionName.MYASTHENIA_GRAVIS, ICD10, "G70.00"));
        assertThat(f.warnings()).containsExactly(
                "$.conditions[1]: code http://snomed.info/sct|12345 is not mapped; kept, not used by the rules");
        assertThat(f.patient().conditionsDocumented()).isTrue();
    }

    // ---- medications -------------------------------------------------------------------------

    @Test
    void whenMedicationHasClassesAndACode_thenClassesAreTheUnion() {
        Medication m = onlyMedication(j("""
                {'medications': [{'name': 'oxycodone', 'code': {'system': '%s', 'code': '7804'},
                  'classes': ['CNS_DEPRESSANT'], 'startDate': '2024-01-10', 'endDate': null, 'route': 'ORAL'}]}"""
                .formatted(RXNORM)));
        assertThat(m.index()).isZero();
        assertThat(m.name()).isEqualTo("oxycodone");
        assertThat(m.system()).isEqualTo(RXNORM);
        assertThat(m.code()).isEqualTo("7804");
        assertThat(m.classes()).containsExactlyInAnyOrder(DrugClass.OPIOID, DrugClass.CNS_DEPRESSANT);
        assertThat(m.startDate()).isEqualTo(LocalDate.parse("2024-01-10"));
        assertThat(m.endDate()).isNull();
        assertThat(m.route()).isEqualTo(Route.ORAL);
        assertThat(m.current()).isTrue();
        assertThat(m.exposureDaysBeforeTwitching()).isNull(); // onset unknown
        assertThat(m.daysStoppedBeforeTwitching()).isNull();
    }

    @Test
    void whenMedicationIsClassifiedByName_thenNoWarning() {
        PatientFacts f = facts(j("{'medications': [{'name': 'Diazepam 5 MG Oral Tablet'}]}"));
        assertThat(f.medications().get(0).classes())
                .containsExactlyInAnyOrder(DrugClass.BENZODIAZEPINE, DrugClass.CNS_DEPRESSANT);
        assertThat(f.warnings()).isEmpty();
    }

    @Test
    void whenMedicationCannotBeClassified_thenWarningByPathWithoutTheDrugName() {
        PatientFacts f = facts(j("{'medications': [{'name': 'haloperidol'}, {'name': 'mysterydrug 10 mg'}]}"));
        assertThat(f.medications()).hasSize(2);
        assertThat(f.medications().get(1).classes()).isEmpty();
        assertThat(f.warnings()).hasSize(1);
        assertThat(f.warnings().get(0)).startsWith("$.medications[1]: ").doesNotContain("mysterydrug");
    }

    @Test
    void whenUnclassifiableMedicationHasGivenClasses_thenNoWarning() {
        PatientFacts f = facts(j("{'medications': [{'name': 'mysterydrug', 'classes': ['OPIOID']}]}"));
        assertThat(f.medications().get(0).classes()).containsExactly(DrugClass.OPIOID);
        assertThat(f.warnings()).isEmpty();
    }

    static String medicationWithOnset(String onset, String start, String end, String route) {
        return j("{'twitching': {" + (onset == null ? "" : "'onsetDate': '" + onset + "'") + "},"
                + " 'medications': [{'name': 'haloperidol'"
                + (start == null ? "" : ", 'startDate': '" + start + "'")
                + (end == null ? "" : ", 'endDate': '" + end + "'")
                + (route == null ? "" : ", 'route': '" + route + "'") + "}]}");
    }

    @Test
    void whenMedicationStoppedBeforeOnset_thenExposureEndsAtStopAndDaysStoppedCount() {
        Medication m = onlyMedication(medicationWithOnset("2024-08-29", "2024-01-01", "2024-06-30", null));
        assertThat(m.exposureDaysBeforeTwitching()).isEqualTo(181); // 2024 is a leap year
        assertThat(m.daysStoppedBeforeTwitching()).isEqualTo(60);
        assertThat(m.current()).isFalse();
    }

    @Test
    void whenOnsetIsTheDayAfterStop_thenDaysStoppedIsOne() {
        Medication m = onlyMedication(medicationWithOnset("2024-07-01", "2024-06-01", "2024-06-30", null));
        assertThat(m.exposureDaysBeforeTwitching()).isEqualTo(29);
        assertThat(m.daysStoppedBeforeTwitching()).isEqualTo(1);
    }

    @Test
    void whenMedicationStopsOnOrAfterOnset_thenDaysStoppedIsZeroAndExposureEndsAtOnset() {
        Medication onTheDay = onlyMedication(medicationWithOnset("2024-06-30", "2024-06-01", "2024-06-30", null));
        assertThat(onTheDay.exposureDaysBeforeTwitching()).isEqualTo(29);
        assertThat(onTheDay.daysStoppedBeforeTwitching()).isZero();

        Medication later = onlyMedication(medicationWithOnset("2024-06-10", "2024-06-01", "2025-01-01", null));
        assertThat(later.exposureDaysBeforeTwitching()).isEqualTo(9);
        assertThat(later.daysStoppedBeforeTwitching()).isZero();
    }

    @Test
    void whenMedicationIsStillTaken_thenDaysStoppedIsZero() {
        Medication m = onlyMedication(medicationWithOnset("2026-01-01", "2025-12-01", null, null));
        assertThat(m.exposureDaysBeforeTwitching()).isEqualTo(31);
        assertThat(m.daysStoppedBeforeTwitching()).isZero();
        assertThat(m.current()).isTrue();
    }

    @Test
    void whenMedicationStartsAfterOnset_thenExposureIsZeroAndDaysStoppedUnknown() {
        Medication m = onlyMedication(medicationWithOnset("2026-01-01", "2026-02-01", null, null));
        assertThat(m.exposureDaysBeforeTwitching()).isZero();
        assertThat(m.daysStoppedBeforeTwitching()).isNull();
    }

    @Test
    void whenMedicationStartsOnOnsetDay_thenExposureIsZeroAndDaysStoppedZero() {
        Medication m = onlyMedication(medicationWithOnset("2026-01-01", "2026-01-01", null, null));
        assertThat(m.exposureDaysBeforeTwitching()).isZero();
        assertThat(m.daysStoppedBeforeTwitching()).isZero();
    }

    @Test
    void whenMedicationStartIsUnknown_thenExposureIsUnknownButDaysStoppedCount() {
        Medication m = onlyMedication(medicationWithOnset("2026-01-11", null, "2026-01-01", null));
        assertThat(m.exposureDaysBeforeTwitching()).isNull();
        assertThat(m.daysStoppedBeforeTwitching()).isEqualTo(10);
    }

    @Test
    void whenOnsetIsUnknown_thenTimingFieldsAreUnknown() {
        Medication m = onlyMedication(medicationWithOnset(null, "2024-01-01", "2024-06-30", null));
        assertThat(m.exposureDaysBeforeTwitching()).isNull();
        assertThat(m.daysStoppedBeforeTwitching()).isNull();
    }

    @Test
    void whenRouteIsDepot_thenTimingIsComputedAsForAnyOtherRoute() {
        Medication depot = onlyMedication(medicationWithOnset("2024-08-29", "2024-01-01", "2024-06-30", "DEPOT"));
        Medication oral = onlyMedication(medicationWithOnset("2024-08-29", "2024-01-01", "2024-06-30", "ORAL"));
        assertThat(depot.route()).isEqualTo(Route.DEPOT);
        assertThat(depot.exposureDaysBeforeTwitching()).isEqualTo(oral.exposureDaysBeforeTwitching()).isEqualTo(181);
        assertThat(depot.daysStoppedBeforeTwitching()).isEqualTo(oral.daysStoppedBeforeTwitching()).isEqualTo(60);
    }

    @Test
    void whenEndDateIsAsOfOrLater_thenCurrent_whenBeforeAsOfOrStartAfterAsOf_thenNot() {
        assertThat(onlyMedication(medicationWithOnset(null, null, "2026-11-26", null)).current()).isTrue();
        assertThat(onlyMedication(medicationWithOnset(null, null, "2026-11-25", null)).current()).isFalse();
        assertThat(onlyMedication(medicationWithOnset(null, "2026-11-26", null, null)).current()).isTrue();
        assertThat(onlyMedication(medicationWithOnset(null, "2026-11-27", null, null)).current()).isFalse();
        assertThat(onlyMedication(medicationWithOnset(null, null, null, null)).current()).isTrue();
    }

    // ---- imaging -----------------------------------------------------------------------------

    @Test
    void whenImagingPrecedesOnset_thenItDoesNotCount() {
        String json = j("""
                {'twitching': {'onsetDate': '2026-01-10'},
                 'imaging': [
                   {'modality': 'MRI', 'status': 'DONE', 'date': '2026-01-09'},
                   {'modality': 'MRI', 'status': 'DONE', 'date': '2026-01-10', 'contrast': true, 'protocol': 'HFS_PROTOCOL'},
                   {'modality': 'CT', 'status': 'DONE'},
                   {'modality': 'MRI', 'status': 'NOT_DONE'}
                 ]}""");
        List<ImagingStudy> studies = facts(json).imaging();
        assertThat(studies).extracting(ImagingStudy::counts).containsExactly(false, true, true, false);
        assertThat(studies).extracting(ImagingStudy::index).containsExactly(0, 1, 2, 3);
        assertThat(studies.get(1).contrast()).isTrue();
        assertThat(studies.get(1).protocol()).isEqualTo(Protocol.HFS_PROTOCOL);
        assertThat(studies.get(0).contrast()).isNull();
    }

    @Test
    void whenOnsetIsUnknown_thenADoneStudyCounts() {
        ImagingStudy study = facts(j("{'imaging': [{'modality': 'MRI', 'status': 'DONE', 'date': '2020-01-01'}]}"))
                .imaging().get(0);
        assertThat(study.counts()).isTrue();
    }

    @Test
    void whenDurationDaysGivesOnset_thenImagingCountsAgainstIt() {
        LocalDate onset = AS_OF.minusDays(30);
        String json = j("{'twitching': {'durationDays': 30}, 'imaging': ["
                + "{'modality': 'MRI', 'status': 'DONE', 'date': '" + onset.minusDays(1) + "'},"
                + "{'modality': 'MRI', 'status': 'DONE', 'date': '" + onset + "'}]}");
        assertThat(facts(json).imaging()).extracting(ImagingStudy::counts).containsExactly(false, true);
        assertThat(ChronoUnit.DAYS.between(onset, AS_OF)).isEqualTo(30);
    }
}
