package org.facialcds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.facialcds.RuleCheck.Outcome;
import org.facialcds.facts.Code;
import org.facialcds.facts.PatientFacts;
import org.facialcds.facts.PolicySettings;
import org.facialcds.facts.Reason;
import org.facialcds.scenario.Scenario;
import org.facialcds.scenario.ScenarioLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** "Why not?" and "why?" on the worked cases: specific answers a rule author can act on. */
class WhyNotTest {

    private static FacialCds cds;

    @BeforeAll
    static void compile() {
        cds = FacialCds.withRules(Path.of("rules"));
    }

    @AfterAll
    static void close() {
        cds.close();
    }

    private static Scenario vignette(String prefix) {
        return ScenarioLoader.load(List.of(Path.of("rules/scenarios/vignettes"))).stream()
                .filter(s -> s.file().contains("/" + prefix)).findFirst().orElseThrow();
    }

    private static Explanation whyNot(Scenario s, Code code) {
        PatientFacts patient = cds.read(s.patient(), null);
        PolicySettings policy = cds.configuration().policy().withOverrides(s.policy());
        return cds.whyNot(patient, policy, code);
    }

    private static RuleCheck rule(Explanation e, String id) {
        return e.rules().stream().filter(r -> r.rule().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(id + " not among " + e.rules()));
    }

    @Test
    void whenV04HasNoMri_thenPrimaryHfsFailsOnDxHfs12sMriCondition() {
        Explanation e = whyNot(vignette("v04-"), Code.DX_HFS_PRIMARY);

        assertThat(e.present()).isFalse();
        assertThat(e.rules()).extracting(RuleCheck::rule).containsExactly("DX-HFS-12");
        RuleCheck r = rule(e, "DX-HFS-12");
        assertThat(r.outcome()).isEqualTo(Outcome.NOT_MET);
        assertThat(r.condition()).isEqualTo(3);
        assertThat(r.conditionText()).isEqualTo("ImagingStudy(modality == Modality.MRI, counts == true)");
        assertThat(r.conditionLine()).isPositive();
        assertThat(r.observed()).contains("no ImagingStudy in the patient's facts ($.imaging is empty)");
        assertThat(e.text()).contains("DX-HFS-12").contains("condition 3 of 6 not met")
                .contains("ImagingStudy(modality == Modality.MRI, counts == true)")
                .endsWith(Evaluation.DISCLAIMER + "\n");
    }

    @Test
    void whenV24TakesAnOpioid_thenTheBenzodiazepineWasDerivedAndRemovedByTheBoxedWarning() {
        Explanation e = whyNot(vignette("v24-"), Code.TX_BENZODIAZEPINE_SHORT_TERM);

        assertThat(e.present()).isFalse();
        RuleCheck hfs = rule(e, "TX-BZD-02");
        assertThat(hfs.outcome()).isEqualTo(Outcome.REMOVED);
        assertThat(hfs.removals()).singleElement().satisfies(m -> {
            assertThat(m.by()).isEqualTo(Code.AVOID_BENZODIAZEPINE);
            assertThat(m.reason()).isEqualTo(Reason.BOXED_WARNING);
            assertThat(m.rule()).isEqualTo("VT-BZD-01");
            assertThat(m.detail()).contains("$.medications[0]").contains("OPIOID");
        });
        assertThat(rule(e, "TX-BZD-01").outcome()).isEqualTo(Outcome.NOT_MET);
        assertThat(e.text()).contains("removed by AVOID_BENZODIAZEPINE BOXED_WARNING (VT-BZD-01)");
    }

    @Test
    void whenV14HasNoNeuroExam_thenBebWaitsForTheWorkUpStepWhoseExamConditionIsUnknown() {
        Explanation e = whyNot(vignette("v14-"), Code.DX_BENIGN_ESSENTIAL_BLEPHAROSPASM);

        RuleCheck beb = rule(e, "DX-BEB-01");
        assertThat(beb.outcome()).isEqualTo(Outcome.NOT_MET);
        assertThat(beb.conditionText()).isEqualTo("Conclusion(code == Code.BLEPHAROSPASM_WORKUP_COMPLETE)");
        Explanation workUp = beb.upstream();
        assertThat(workUp).isNotNull();
        assertThat(workUp.code()).isEqualTo(Code.BLEPHAROSPASM_WORKUP_COMPLETE);
        RuleCheck exam = rule(workUp, "DX-BSP-07");
        assertThat(exam.outcome()).isEqualTo(Outcome.NOT_MET);
        assertThat(exam.conditionText()).isEqualTo("Exam(neuroExam == NeuroExam.NORMAL)");
        assertThat(exam.unknown()).containsExactly("$.exam.neuroExam");
        RuleCheck noPolicy = rule(workUp, "DX-BSP-08");
        assertThat(noPolicy.conditionText()).contains("requireImagingBeforeBebLabel == false");
        assertThat(noPolicy.observed()).contains("policy.requireImagingBeforeBebLabel = true");
        assertThat(e.text()).contains("BLEPHAROSPASM_WORKUP_COMPLETE was not derived:").contains("unknown: $.exam.neuroExam");
    }

    @Test
    void whenTheMedicationListIsMissing_thenToxinIsWithheldForIt() {
        Scenario v24 = vignette("v24-");
        ObjectNode patient = (ObjectNode) v24.patient().deepCopy();
        patient.remove("medications");
        Scenario noList = new Scenario("no medication list", v24.file(), patient, v24.policy(), List.of(), List.of(), List.of());

        Explanation e = whyNot(noList, Code.TX_BOTULINUM_TOXIN);

        assertThat(e.present()).isFalse();
        RuleCheck hfs = rule(e, "TX-BONT-03");
        assertThat(hfs.outcome()).isEqualTo(Outcome.REMOVED);
        assertThat(hfs.removals()).singleElement().satisfies(m -> {
            assertThat(m.by()).isEqualTo(Code.WITHHELD);
            assertThat(m.rule()).isEqualTo("DATA-HOLD-01");
            assertThat(m.detail()).contains("waits for $.medications");
        });
        assertThat(e.text()).contains("withheld by DATA-HOLD-01: waits for $.medications");
    }

    @Test
    void whenAnImagingCodeIsAsked_thenTheGenericOutputRulesAnswerAndTheDoneMriBlocksThem() {
        Explanation e = whyNot(vignette("v24-"), Code.IMG_MRI_HFS_PROTOCOL);

        assertThat(e.rules()).extracting(RuleCheck::rule).contains("IMG-OUT-01", "IMG-OUT-02");
        RuleCheck out = rule(e, "IMG-OUT-01");
        assertThat(out.outcome()).isEqualTo(Outcome.NOT_MET);
        assertThat(out.conditionText()).startsWith("not ImagingStudy(");
        assertThat(out.blockedBy()).singleElement().asString().contains("$.imaging[0].modality = MRI");
    }

    @Test
    void whenTheIndicationIsMissing_thenTheImagingStepAboutTheStudyIsFollowed() {
        Explanation e = whyNot(vignette("v01-"), Code.IMG_MRI_HFS_PROTOCOL);

        RuleCheck out = rule(e, "IMG-OUT-01");
        assertThat(out.condition()).isEqualTo(1);
        assertThat(out.upstream()).isNotNull();
        assertThat(out.upstream().code()).isEqualTo(Code.IMAGING_INDICATED);
        assertThat(out.upstream().subject()).isEqualTo(Code.IMG_MRI_HFS_PROTOCOL);
        assertThat(out.upstream().rules()).extracting(RuleCheck::rule).contains("DX-HFS-20");
    }

    @Test
    void whenTheCodeIsInTheResult_thenItSaysSoAndWhyGivesTheDerivationTree() {
        PatientFacts v24 = cds.read(vignette("v24-").patient(), null);

        Explanation e = cds.whyNot(v24, Code.TX_BOTULINUM_TOXIN);
        List<Derivation> tree = cds.why(v24, Code.TX_BOTULINUM_TOXIN);

        assertThat(e.present()).isTrue();
        assertThat(rule(e, "TX-BONT-03").outcome()).isEqualTo(Outcome.PRODUCED);
        assertThat(tree).singleElement().satisfies(root -> {
            assertThat(root.rule()).isEqualTo("TX-BONT-03");
            assertThat(root.from()).singleElement().satisfies(dx -> {
                assertThat(dx.code()).isEqualTo("DX_HFS_PRIMARY");
                assertThat(dx.rule()).isEqualTo("DX-HFS-12");
                assertThat(dx.facts()).contains("$.imaging[0].modality = MRI");
                assertThat(dx.from()).extracting(Derivation::code).containsOnly("HFS_FEATURES");
            });
        });
        assertThat(Derivation.text(tree)).contains("TX_BOTULINUM_TOXIN  by TX-BONT-03")
                .contains("  <- DX_HFS_PRIMARY  by DX-HFS-12").contains("    <- HFS_FEATURES  by DX-HFS-01");
        assertThat(cds.why(v24, Code.DX_HFS_SUSPECTED)).isEmpty();
    }

    @Test
    void whenAnInternalStepIsAsked_thenItsRulesAreCheckedAgainstTheInput() {
        Explanation e = whyNot(vignette("v04-"), Code.BLEPHAROSPASM_CRITERIA);

        assertThat(e.present()).isFalse();
        assertThat(e.rules()).extracting(RuleCheck::rule).containsExactlyInAnyOrder("DX-BSP-01", "DX-BSP-02");
        assertThat(rule(e, "DX-BSP-01").observed())
                .contains("seen: $.twitching is not a match: laterality == Laterality.BILATERAL_SYNCHRONOUS"
                        + " (laterality = UNILATERAL_LEFT)");
    }
}
