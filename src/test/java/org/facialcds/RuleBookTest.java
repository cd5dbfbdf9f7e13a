package org.facialcds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.facialcds.facts.Code;
import org.junit.jupiter.api.Test;

class RuleBookTest {

    private static final RuleBook BOOK = RuleBook.read(Path.of("rules"));

    private static RuleDescription rule(String id) {
        return BOOK.rules().stream().filter(r -> id.equals(r.id())).findFirst().orElseThrow();
    }

    @Test
    void whenTheBundledRulesAreLinted_thenThereAreNoErrors() {
        LintReport report = BOOK.lint();

        assertThat(report.errors()).as(report.issues().toString()).isEmpty();
        assertThat(report.ok()).isTrue();
        assertThat(report.knowledgeBase().ruleCount()).isEqualTo(BOOK.rules().size());
    }

    @Test
    void whenARuleIsDescribed_thenItsMetadataAndOutputsComeFromTheText() {
        RuleDescription r = rule("VT-BZD-03");

        assertThat(r.name()).isEqualTo("No benzodiazepine from the Beers age");
        assertThat(r.file()).isEqualTo("rules/vetoes/benzodiazepine.drl");
        assertThat(r.line()).isPositive();
        assertThat(r.evidence()).contains("Beers");
        assertThat(r.policy()).containsExactly("beersAge");
        assertThat(r.policyRead()).containsExactly("beersAge");
        assertThat(r.outputs()).extracting(Object::toString).containsExactly("AVOID_BENZODIAZEPINE (BEERS)");
        assertThat(rule("TX-BONT-01").level()).isEqualTo("AAN B");
    }

    @Test
    void whenAConsequenceUsesAboutCautionDataNeededOrAComputedCode_thenEachOutputSaysSo() {
        assertThat(rule("DX-HFS-20").outputs()).extracting(Object::toString)
                .containsExactly("IMAGING_INDICATED about IMG_MRI_HFS_PROTOCOL");
        assertThat(rule("VT-BONT-20").outputs()).extracting(Object::toString)
                .containsExactly("CAUTION about TX_BOTULINUM_TOXIN");
        assertThat(rule("DATA-MED-01").outputs()).extracting(Object::toString)
                .containsExactly("DATA_NEEDED $.medications");
        assertThat(rule("IMG-OUT-01").codes()).containsExactly(Code.IMG_MRI_HFS_PROTOCOL, Code.IMG_MRI_BRAIN_CONTRAST);
        assertThat(rule("IMG-OUT-01").outputs()).allMatch(RuleDescription.Output::generic);
        assertThat(rule("DX-HFS-21").outputs()).extracting(Object::toString).containsExactly("REF_NEUROLOGY (ROUTINE)");
    }

    @Test
    void whenTheDirectoryIsMissing_thenTheErrorHasItsCode() {
        assertThatThrownBy(() -> RuleBook.read(Path.of("no-such-rules")))
                .isInstanceOf(FacialCdsException.class).hasMessageStartingWith("FCDS-0202");
    }
}
