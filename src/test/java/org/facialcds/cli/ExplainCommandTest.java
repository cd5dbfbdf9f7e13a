package org.facialcds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.facialcds.Evaluation;
import org.facialcds.cli.CliHarness.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainCommandTest {

    private static final String V04 = "rules/scenarios/vignettes/v04-hfs-imaging-not-done.yaml";
    private static final String V24 = "rules/scenarios/vignettes/v24-hfs-on-opioids.yaml";
    private static final String V14_JSON = "examples/patients/v14-beb-imaging-not-done.json";

    @TempDir
    Path tmp;

    @Test
    void whenWhyNotOnAScenario_thenTheRuleAndItsFailingConditionWithLine() {
        Run run = CliHarness.run("explain", "--rules", "rules", "--why-not", "DX_HFS_PRIMARY", V04);

        assertThat(run.code()).as(run.all()).isZero();
        assertThat(run.out()).startsWith("Why not DX_HFS_PRIMARY?  (patient v04)\n")
                .contains("DX-HFS-12  HFS with an MRI since onset")
                .containsPattern("rules/diagnosis/hemifacial_spasm\\.drl:\\d+")
                .containsPattern("condition 3 of 6 not met \\(line \\d+\\):")
                .contains("ImagingStudy(modality == Modality.MRI, counts == true)")
                .contains("no ImagingStudy in the patient's facts ($.imaging is empty)")
                .endsWith(Evaluation.DISCLAIMER + "\n");
    }

    @Test
    void whenWhyNotOnAVetoedTreatment_thenTheVetoAndItsReason() {
        Run run = CliHarness.run("explain", "--rules", "rules", "--why-not", "tx_benzodiazepine_short_term", V24);

        assertThat(run.code()).as(run.all()).isZero();
        assertThat(run.out()).contains("TX-BZD-02").contains("it derived TX_BENZODIAZEPINE_SHORT_TERM, then")
                .contains("removed by AVOID_BENZODIAZEPINE BOXED_WARNING (VT-BZD-01)");
    }

    @Test
    void whenWhyNotOnPatientJson_thenTheUnknownFactIsNamed() {
        Run run = CliHarness.run("explain", "--rules", "rules", "--why-not", "DX_BENIGN_ESSENTIAL_BLEPHAROSPASM", V14_JSON);

        assertThat(run.code()).as(run.all()).isZero();
        assertThat(run.out()).contains("DX-BEB-01").contains("BLEPHAROSPASM_WORKUP_COMPLETE was not derived:")
                .contains("DX-BSP-07").contains("unknown: $.exam.neuroExam");
    }

    @Test
    void whenWhy_thenTheDerivationTreeIndented() {
        Run run = CliHarness.run("explain", "--rules", "rules", "--why", "TX_BOTULINUM_TOXIN", V24);

        assertThat(run.code()).as(run.all()).isZero();
        assertThat(run.out()).contains("TX_BOTULINUM_TOXIN  by TX-BONT-03: ")
                .contains("\n  <- DX_HFS_PRIMARY  by DX-HFS-12: ")
                .contains("\n    <- HFS_FEATURES  by DX-HFS-01: ")
                .contains("on $.imaging[0].modality = MRI");
        Run absent = CliHarness.run("explain", "--rules", "rules", "--why", "DX_HFS_SUSPECTED", V24);
        assertThat(absent.out()).contains("DX_HFS_SUSPECTED is not in the result; ask why not");
    }

    @Test
    void whenAScenarioFileHasSeveralCases_thenCasePicksOne() throws Exception {
        Path file = tmp.resolve("cases.yaml");
        Files.writeString(file, """
                base:
                  id: c
                  asOf: "2026-11-26"
                  age: 52
                  sex: MALE
                  twitching: {laterality: UNILATERAL_LEFT, regions: [PERIOCULAR, CHEEK, PERIORAL], firstRegion: PERIOCULAR, movement: CLONIC_TONIC_SPASM}
                  exam: {neuroExam: NORMAL}
                  medications: []
                  conditions: []
                cases:
                  - name: "no imaging"
                    patient: {imaging: []}
                    expect: {present: [DX_HFS_SUSPECTED]}
                  - name: "normal MRI"
                    patient: {imaging: [{modality: MRI, status: DONE, date: "2026-06-10"}]}
                    expect: {present: [DX_HFS_PRIMARY]}
                """);

        Run none = CliHarness.run("explain", "--rules", "rules", "--why-not", "DX_HFS_PRIMARY", file.toString());
        Run picked = CliHarness.run("explain", "--rules", "rules", "--why-not", "DX_HFS_PRIMARY", "--case", "no imag", file.toString());

        assertThat(none.code()).isEqualTo(Main.EXIT_INVALID);
        assertThat(none.err()).contains("has 2 cases; choose one with --case NAME").contains("  normal MRI");
        assertThat(picked.code()).as(picked.all()).isZero();
        assertThat(picked.out()).contains("$.imaging is empty");
    }

    @Test
    void whenTheCodeIsUnknownOrTheQuestionMissing_thenExitTwo() {
        Run unknown = CliHarness.run("explain", "--rules", "rules", "--why-not", "DX_HFS_PRIMERY", V04);
        Run neither = CliHarness.run("explain", V04);
        Run both = CliHarness.run("explain", "--why", "DX_HFS_PRIMARY", "--why-not", "DX_HFS_PRIMARY", V04);

        assertThat(unknown.code()).isEqualTo(Main.EXIT_INVALID);
        assertThat(unknown.err()).contains("unknown code 'DX_HFS_PRIMERY'").contains("DX_HFS_PRIMARY");
        assertThat(neither.code()).isEqualTo(Main.EXIT_INVALID);
        assertThat(both.code()).isEqualTo(Main.EXIT_INVALID);
    }
}
