package org.facialcds.terminology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.facialcds.terminology.Terminology.ICD_10_CM;
import static org.facialcds.terminology.Terminology.RXNORM;
import static org.facialcds.terminology.Terminology.SNOMED_CT;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.facialcds.facts.ConditionName;
import org.facialcds.facts.DrugClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TerminologyTest {

    private final Terminology terminology = Terminology.bundled();

    // ---------------------------------------------------------------- conditions

    @ParameterizedTest(name = "{0}|{1} -> {2}")
    @CsvSource({
            "http://snomed.info/sct, 91637004, MYASTHENIA_GRAVIS",
            "http://snomed.info/sct, 230684008, MYASTHENIA_GRAVIS",
            "http://hl7.org/fhir/sid/icd-10-cm, G70.0, MYASTHENIA_GRAVIS",
            "http://hl7.org/fhir/sid/icd-10-cm, G70.00, MYASTHENIA_GRAVIS",
            "http://hl7.org/fhir/sid/icd-10-cm, G70.01, MYASTHENIA_GRAVIS",
            "http://snomed.info/sct, 24700007, MULTIPLE_SCLEROSIS",
            "http://snomed.info/sct, 426373005, MULTIPLE_SCLEROSIS",
            "http://snomed.info/sct, 425500002, MULTIPLE_SCLEROSIS",
            "http://snomed.info/sct, 230374002, MULTIPLE_SCLEROSIS",
            "http://hl7.org/fhir/sid/icd-10-cm, G35, MULTIPLE_SCLEROSIS",
            "http://snomed.info/sct, 78275009, OBSTRUCTIVE_SLEEP_APNEA",
            "http://snomed.info/sct, 1101000119103, OBSTRUCTIVE_SLEEP_APNEA",
            "http://hl7.org/fhir/sid/icd-10-cm, G47.33, OBSTRUCTIVE_SLEEP_APNEA",
            "http://snomed.info/sct, 126952004, BRAIN_TUMOUR",
            "http://snomed.info/sct, 428061005, BRAIN_TUMOUR",
            "http://snomed.info/sct, 92030004, BRAIN_TUMOUR",
            "http://snomed.info/sct, 444545003, BRAIN_TUMOUR",
            "http://snomed.info/sct, 254937005, BRAIN_TUMOUR",
            "http://snomed.info/sct, 94225005, BRAIN_TUMOUR",
            "http://hl7.org/fhir/sid/icd-10-cm, C71.9, BRAIN_TUMOUR",
            "http://hl7.org/fhir/sid/icd-10-cm, D33.2, BRAIN_TUMOUR",
            "http://snomed.info/sct, 126949007, VESTIBULAR_SCHWANNOMA",
            "http://hl7.org/fhir/sid/icd-10-cm, D33.3, VESTIBULAR_SCHWANNOMA",
            "http://snomed.info/sct, 5602001, SUBSTANCE_USE_DISORDER",
            "http://snomed.info/sct, 75544000, SUBSTANCE_USE_DISORDER",
            "http://snomed.info/sct, 191819002, SUBSTANCE_USE_DISORDER",
            "http://snomed.info/sct, 191821007, SUBSTANCE_USE_DISORDER",
            "http://hl7.org/fhir/sid/icd-10-cm, F11.10, SUBSTANCE_USE_DISORDER",
            "http://hl7.org/fhir/sid/icd-10-cm, F11.20, SUBSTANCE_USE_DISORDER",
            "http://hl7.org/fhir/sid/icd-10-cm, F11.90, SUBSTANCE_USE_DISORDER",
    })
    void whenVerifiedConditionCode_thenMapsToItsCondition(String system, String code, ConditionName expected) {
        assertThat(terminology.condition(system, code)).contains(expected);
        assertThat(terminology.knows(system, code)).isTrue();
    }

    @Test
    void whenKnownWrongCode_thenNotMapped() {
        // 89627008 is Hyponatremia (not blepharospasm); 431855005 is CKD stage 1 (not MRI brain).
        for (String code : List.of("89627008", "431855005")) {
            assertThat(terminology.condition(SNOMED_CT, code)).as(code).isEmpty();
            assertThat(terminology.knows(SNOMED_CT, code)).as(code).isFalse();
        }
    }

    @Test
    void whenIcdCodeWithOrWithoutDot_thenSameCondition() {
        assertThat(terminology.condition(ICD_10_CM, "G70.01")).contains(ConditionName.MYASTHENIA_GRAVIS);
        assertThat(terminology.condition(ICD_10_CM, "G7001")).contains(ConditionName.MYASTHENIA_GRAVIS);
        assertThat(terminology.condition(ICD_10_CM, "g47.33")).contains(ConditionName.OBSTRUCTIVE_SLEEP_APNEA);
        assertThat(terminology.condition(ICD_10_CM, " G4733 ")).contains(ConditionName.OBSTRUCTIVE_SLEEP_APNEA);
        assertThat(terminology.condition(ICD_10_CM, "D333")).contains(ConditionName.VESTIBULAR_SCHWANNOMA);
    }

    @Test
    void whenChildOfCategoryRow_thenCoveredByPrefix() {
        assertThat(terminology.condition(ICD_10_CM, "C71.9")).contains(ConditionName.BRAIN_TUMOUR);
        assertThat(terminology.condition(ICD_10_CM, "C716")).contains(ConditionName.BRAIN_TUMOUR);
        assertThat(terminology.condition(ICD_10_CM, "C71")).contains(ConditionName.BRAIN_TUMOUR);
        assertThat(terminology.condition(ICD_10_CM, "F11.220")).contains(ConditionName.SUBSTANCE_USE_DISORDER);
        assertThat(terminology.condition(ICD_10_CM, "F10.20")).contains(ConditionName.SUBSTANCE_USE_DISORDER);
        // a hypothetical newer sub-code of a category row
        assertThat(terminology.condition(ICD_10_CM, "G35.A")).contains(ConditionName.MULTIPLE_SCLEROSIS);
    }

    @Test
    void whenCodeOnlyLooksLikeACategory_thenNotMapped() {
        assertThat(terminology.condition(ICD_10_CM, "C7")).isEmpty();       // shorter than the category
        assertThat(terminology.condition(ICD_10_CM, "C72.0")).isEmpty();    // spinal cord, not brain
        assertThat(terminology.condition(ICD_10_CM, "D33.4")).isEmpty();    // spinal cord: D33 is not a category row
        assertThat(terminology.condition(ICD_10_CM, "G70.1")).isEmpty();    // toxic myoneural disorder, not MG
        assertThat(terminology.condition(ICD_10_CM, "F17.210")).isEmpty();  // nicotine: excluded by the CDC value set
        assertThat(terminology.condition(ICD_10_CM, "Z71.42")).isEmpty();   // counselling of a family member
        assertThat(terminology.condition(ICD_10_CM, "Z79.891")).isEmpty();  // long-term opioid therapy is not a SUD
    }

    @Test
    void whenCodeInTheWrongSystem_thenNotMapped() {
        assertThat(terminology.condition(ICD_10_CM, "91637004")).isEmpty();
        assertThat(terminology.condition(SNOMED_CT, "G35")).isEmpty();
        assertThat(terminology.condition(RXNORM, "91637004")).isEmpty();
        assertThat(terminology.condition("http://example.org/other", "91637004")).isEmpty();
    }

    @Test
    void whenSystemSpelledAsOidOrWithTrailingSlash_thenStillMapped() {
        assertThat(terminology.condition("urn:oid:2.16.840.1.113883.6.96", "91637004"))
                .contains(ConditionName.MYASTHENIA_GRAVIS);
        assertThat(terminology.condition("http://snomed.info/sct/", "24700007"))
                .contains(ConditionName.MULTIPLE_SCLEROSIS);
        assertThat(terminology.drugClasses("urn:oid:2.16.840.1.113883.6.88", "7804", null))
                .containsExactly(DrugClass.OPIOID);
    }

    @Test
    void whenNullOrBlankInput_thenEmptyNotAnException() {
        assertThat(terminology.condition(null, "91637004")).isEmpty();
        assertThat(terminology.condition(SNOMED_CT, null)).isEmpty();
        assertThat(terminology.condition(ICD_10_CM, " ")).isEmpty();
        assertThat(terminology.drugClasses(null, null, null)).isEmpty();
        assertThat(terminology.drugClasses(RXNORM, null, "")).isEmpty();
        assertThat(terminology.ingredient(null, null, null)).isEmpty();
        assertThat(terminology.knows(null, null)).isFalse();
        assertThat(terminology.knows(RXNORM, " ")).isFalse();
    }

    // ---------------------------------------------------------------- medications: codes

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "3322, BENZODIAZEPINE", "2598, BENZODIAZEPINE", "6470, BENZODIAZEPINE", "596, BENZODIAZEPINE",
            "10811, ANTICHOLINERGIC", "7804, OPIOID", "5489, OPIOID", "4337, OPIOID", "7052, OPIOID",
            "10689, OPIOID", "8640, CORTICOSTEROID", "10390, VMAT2_INHIBITOR",
            "197591, BENZODIAZEPINE", "197589, BENZODIAZEPINE", "104700, BENZODIAZEPINE",
            "197527, BENZODIAZEPINE", "197528, BENZODIAZEPINE", "197529, BENZODIAZEPINE",
            "206157, BENZODIAZEPINE", "206159, BENZODIAZEPINE", "206160, BENZODIAZEPINE",
            "905269, ANTICHOLINERGIC", "905283, ANTICHOLINERGIC",
            "1049621, OPIOID", "1049221, OPIOID", "1049504, OPIOID", "1049625, OPIOID",
    })
    void whenRxnormCodeListed_thenClassifiedByCodeAlone(String code, DrugClass expected) {
        assertThat(terminology.drugClasses(RXNORM, code, null)).containsExactly(expected);
        assertThat(terminology.knows(RXNORM, code)).isTrue();
    }

    @Test
    void whenSmartSyntheaBrandLevelCode_thenBenzodiazepineByCodeAlone() {
        assertThat(terminology.drugClasses(RXNORM, "1153378", null)).containsExactly(DrugClass.BENZODIAZEPINE);
        assertThat(terminology.drugClasses(RXNORM, "563026", null)).containsExactly(DrugClass.BENZODIAZEPINE);
        assertThat(terminology.ingredient(RXNORM, "1153378", null)).contains("clonazepam");
        assertThat(terminology.ingredient(RXNORM, "563026", null)).contains("diazepam");
    }

    @Test
    void whenKnownDrugWithNoClass_thenEmptyClassesButKnown() {
        for (String code : List.of("2002", "114477", "9000", "73645", "1292")) {
            assertThat(terminology.drugClasses(RXNORM, code, null)).as(code).isEmpty();
            assertThat(terminology.knows(RXNORM, code)).as(code).isTrue();
            assertThat(terminology.ingredient(RXNORM, code, null)).as(code).isPresent();
        }
        assertThat(terminology.ingredient(RXNORM, "2002", null)).contains("carbamazepine");
    }

    @Test
    void whenRxnormCodeUnknown_thenFallsBackToName() {
        assertThat(terminology.knows(RXNORM, "999999999")).isFalse();
        assertThat(terminology.drugClasses(RXNORM, "999999999", "Diazepam 2 MG Oral Tablet"))
                .containsExactly(DrugClass.BENZODIAZEPINE);
        assertThat(terminology.drugClasses(RXNORM, "999999999", null)).isEmpty();
    }

    @Test
    void whenCodeIsNotRxnorm_thenNameDecides() {
        // FHIR R4 example MedicationRequest-medrx0327 codes a fentanyl patch in SNOMED CT.
        assertThat(terminology.drugClasses(SNOMED_CT, "333919005", "Fentanyl 25micrograms/hour patch (product)"))
                .containsExactly(DrugClass.OPIOID);
        // an RxNorm code in a non-RxNorm system is not looked up
        assertThat(terminology.drugClasses(SNOMED_CT, "3322", null)).isEmpty();
    }

    // ---------------------------------------------------------------- medications: names

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "diazepam 5 MG Oral Tablet | BENZODIAZEPINE",
            "Oxycodone Hydrochloride 5 MG [Roxicodone] | OPIOID",
            "Klonopin | BENZODIAZEPINE",
            "Xanax XR 1 MG | BENZODIAZEPINE",
            "HYDROcodone Bitartrate 5 MG / Acetaminophen 325 MG Oral Tablet | OPIOID",
            "Vicodin 5/500 Oral Tablet | OPIOID",
            "Meperidine Hydrochloride 50 MG Oral Tablet | OPIOID",
            "pethidine | OPIOID",
            "haloperidol decanoate 50 MG/ML Injectable Solution | DOPAMINE_BLOCKER",
            "Reglan | DOPAMINE_BLOCKER",
            "prochlorperazine 10 MG Oral Tablet | DOPAMINE_BLOCKER",
            "gentamicin 40 MG/ML Injectable Solution | AMINOGLYCOSIDE",
            "rocuronium bromide 10 MG/ML | NEUROMUSCULAR_BLOCKER",
            "suxamethonium | NEUROMUSCULAR_BLOCKER",
            "benztropine mesylate 1 MG Oral Tablet | ANTICHOLINERGIC",
            "Ingrezza 40 MG Oral Capsule | VMAT2_INHIBITOR",
            "deutetrabenazine | VMAT2_INHIBITOR",
            "Solu-Medrol 125 MG Injection | CORTICOSTEROID",
            "prednisolone 15 MG/5ML oral solution | CORTICOSTEROID",
            "zolpidem tartrate 10 MG Oral Tablet [Ambien] | CNS_DEPRESSANT",
    })
    void whenProductName_thenClassifiedByItsWords(String name, DrugClass expected) {
        assertThat(terminology.drugClasses(null, null, name)).containsExactly(expected);
    }

    @Test
    void whenCombinationProduct_thenUnionOfClasses() {
        assertThat(terminology.drugClasses(null, null,
                "acetaminophen 300 MG / butalbital 50 MG / caffeine 40 MG / codeine phosphate 30 MG Oral Capsule"))
                .containsExactlyInAnyOrder(DrugClass.OPIOID, DrugClass.CNS_DEPRESSANT);
        assertThat(terminology.drugClasses(null, null, "olanzapine / fluoxetine [Symbyax]"))
                .containsExactly(DrugClass.DOPAMINE_BLOCKER);
        assertThat(terminology.ingredient(null, null, "acetaminophen 325 MG / oxycodone hydrochloride 5 MG"))
                .contains("acetaminophen / oxycodone");
        assertThat(terminology.ingredient(null, null, "Percocet 10/325")).contains("oxycodone / acetaminophen");
    }

    @Test
    void whenNamePartOfALongerWord_thenNoMatch() {
        // word-boundary matching: "codeine" inside "dihydrocodeine" must not be found on its own
        assertThat(terminology.ingredient(null, null, "dihydrocodeine 30 MG")).contains("dihydrocodeine");
        assertThat(terminology.ingredient(null, null, "benzhydrocodone 6.12 MG")).contains("benzhydrocodone");
        assertThat(terminology.drugClasses(null, null, "prednisonex")).isEmpty();
        assertThat(terminology.drugClasses(null, null, "morphinergic")).isEmpty();
    }

    @Test
    void whenMultiWordName_thenMatched() {
        assertThat(terminology.drugClasses(null, null, "MS Contin 30 MG")).containsExactly(DrugClass.OPIOID);
        assertThat(terminology.drugClasses(null, null, "chloral hydrate 500 MG")).containsExactly(DrugClass.CNS_DEPRESSANT);
    }

    @Test
    void whenDecidedBorderlineDrugs_thenAsNotedInTheData() {
        assertThat(terminology.drugClasses(null, null, "promethazine 25 MG")).containsExactly(DrugClass.DOPAMINE_BLOCKER);
        assertThat(terminology.drugClasses(null, null, "gabapentin 300 MG")).isEmpty();
        assertThat(terminology.ingredient(null, null, "gabapentin 300 MG")).contains("gabapentin");
        assertThat(terminology.drugClasses(null, null, "pregabalin 75 MG")).isEmpty();
        assertThat(terminology.drugClasses(null, null, "clidinium / chlordiazepoxide"))
                .containsExactly(DrugClass.BENZODIAZEPINE);
        assertThat(terminology.drugClasses(null, null, "budesonide 0.25 MG/ML Inhalation Suspension")).isEmpty();
    }

    @Test
    void whenNameUnrecognised_thenEmptyAndNoIngredient() {
        assertThat(terminology.drugClasses(null, null, "lisinopril 10 MG Oral Tablet")).isEmpty();
        assertThat(terminology.ingredient(null, null, "lisinopril 10 MG Oral Tablet")).isEmpty();
    }

    @Test
    void whenClassesReturned_thenImmutable() {
        Set<DrugClass> classes = terminology.drugClasses(RXNORM, "7804", null);
        assertThatThrownBy(() -> classes.add(DrugClass.BENZODIAZEPINE)).isInstanceOf(UnsupportedOperationException.class);
        Set<DrugClass> byName = terminology.drugClasses(null, null, "oxycodone / butalbital");
        assertThatThrownBy(byName::clear).isInstanceOf(UnsupportedOperationException.class);
    }

    // ---------------------------------------------------------------- loading

    @Test
    void whenBundledCalledTwice_thenSameInstance() {
        assertThat(Terminology.bundled()).isSameAs(terminology);
    }

    @Test
    void whenUsedFromManyThreads_thenSameAnswers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                tasks.add(() -> Terminology.bundled().drugClasses(null, null, "diazepam 5 MG Oral Tablet")
                        .equals(Set.of(DrugClass.BENZODIAZEPINE))
                        && Terminology.bundled().condition(ICD_10_CM, "C71.9").equals(Optional.of(ConditionName.BRAIN_TUMOUR)));
            }
            for (Future<Boolean> f : pool.invokeAll(tasks)) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static final String CONDITIONS_HEADER = "system\tcode\tscope\tcondition\tdisplay\tsource\n";
    private static final String RXNORM_HEADER = "rxcui\tname\tingredient\tclasses\tsource\n";
    private static final String NAMES_HEADER = "name\tkind\tingredient\tclasses\tsource\n"
            + "diazepam\tingredient\tdiazepam\tBENZODIAZEPINE\ttest\n";

    @Test
    void whenDataMapsAKnownWrongCode_thenLoadFailsWithItsCode() {
        String conditions = CONDITIONS_HEADER + "http://snomed.info/sct\t89627008\tcode\tMULTIPLE_SCLEROSIS\tx\ttest\n";
        assertThatThrownBy(() -> Terminology.of(conditions, RXNORM_HEADER, NAMES_HEADER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("FCDS-0310: terminology data: conditions.tsv:2: 89627008 is a known-wrong code");
    }

    @Test
    void whenDataRowHasNoSource_thenLoadFails() {
        String conditions = CONDITIONS_HEADER + "http://snomed.info/sct\t24700007\tcode\tMULTIPLE_SCLEROSIS\tMS\t\n";
        assertThatThrownBy(() -> Terminology.of(conditions, RXNORM_HEADER, NAMES_HEADER))
                .hasMessageContaining("conditions.tsv:2: empty source");
    }

    @Test
    void whenDataHasUnknownClassOrIngredient_thenLoadFailsNamingTheLine() {
        String badClass = RXNORM_HEADER + "3322\tdiazepam\tdiazepam\tSEDATIVE\ttest\n";
        assertThatThrownBy(() -> Terminology.of(CONDITIONS_HEADER, badClass, NAMES_HEADER))
                .hasMessageContaining("rxnorm.tsv:2: \"SEDATIVE\" is not a DrugClass");
        String badIngredient = RXNORM_HEADER + "2598\tclonazepam\tclonazepam\tBENZODIAZEPINE\ttest\n";
        assertThatThrownBy(() -> Terminology.of(CONDITIONS_HEADER, badIngredient, NAMES_HEADER))
                .hasMessageContaining("rxnorm.tsv:2: ingredient \"clonazepam\" is not an ingredient row");
        String inconsistent = RXNORM_HEADER + "3322\tdiazepam\tdiazepam\tOPIOID\ttest\n";
        assertThatThrownBy(() -> Terminology.of(CONDITIONS_HEADER, inconsistent, NAMES_HEADER))
                .hasMessageContaining("differ from [BENZODIAZEPINE]");
    }

    @Test
    void whenCategoryScopeOnSnomed_thenLoadFails() {
        String conditions = CONDITIONS_HEADER + "http://snomed.info/sct\t24700007\tcategory\tMULTIPLE_SCLEROSIS\tMS\ttest\n";
        assertThatThrownBy(() -> Terminology.of(conditions, RXNORM_HEADER, NAMES_HEADER))
                .hasMessageContaining("expected code, or category (ICD-10-CM only)");
    }

    @Test
    void whenHeaderWrong_thenLoadFails() {
        assertThatThrownBy(() -> Terminology.of("code\tcondition\n", RXNORM_HEADER, NAMES_HEADER))
                .hasMessageContaining("conditions.tsv:1: header is [code, condition]");
    }
}
