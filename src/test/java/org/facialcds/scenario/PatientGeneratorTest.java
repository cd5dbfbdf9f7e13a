package org.facialcds.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.facialcds.Evaluation;
import org.facialcds.FacialCds;
import org.facialcds.facts.Code;
import org.facialcds.facts.ParseResult;
import org.facialcds.facts.PatientJson;
import org.facialcds.terminology.Terminology;
import org.junit.jupiter.api.Test;

class PatientGeneratorTest {

    private static String ndjson(long seed, long count) {
        StringWriter out = new StringWriter();
        new PatientGenerator(seed).write(count, out);
        return out.toString();
    }

    @Test
    void whenTheSameSeedIsUsedTwice_thenTheBytesAreTheSame() {
        String first = ndjson(42, 1500);
        assertThat(ndjson(42, 1500)).isEqualTo(first);
        assertThat(first.lines()).hasSize(1500);
        assertThat(ndjson(43, 1500)).isNotEqualTo(first);
    }

    @Test
    void whenFewerPatientsAreAskedFor_thenTheyAreTheFirstOfTheLongerRun() {
        assertThat(ndjson(7, 2000)).startsWith(ndjson(7, 300));
        assertThat(new PatientGenerator(7).json(299)).isEqualTo(ndjson(7, 300).lines().toList().get(299));
    }

    @Test
    void whenPatientsAreGenerated_thenEveryOnePassesTheValidator() {
        PatientGenerator generator = new PatientGenerator(20261126);
        List<String> invalid = new ArrayList<>();
        for (int i = 0; i < 4500; i++) {
            String json = generator.json(i);
            ParseResult parsed = PatientJson.parse(json, Terminology.bundled(), null, LocalDate.of(2026, 11, 26));
            if (!parsed.ok()) invalid.add(parsed.problems() + " in " + json);
        }
        assertThat(invalid).isEmpty();
    }

    @Test
    void whenPatientsAreEvaluated_thenEveryPresentationLeadsSomewhereAndTheSafetyInvariantsHold() {
        PatientGenerator generator = new PatientGenerator(5);
        Set<Code> diagnoses = EnumSet.noneOf(Code.class);
        List<String> broken = new ArrayList<>();
        try (FacialCds cds = FacialCds.withBundledRules()) {
            for (int i = 0; i < 900; i++) {
                Evaluation result = cds.evaluate(generator.json(i));
                result.recommendations().forEach(r -> diagnoses.add(r.code()));
                for (String problem : ScenarioRunner.invariants(result)) broken.add(result.patientId() + ": " + problem);
            }
        }
        assertThat(broken).isEmpty();
        assertThat(diagnoses).contains(Code.DX_EYELID_MYOKYMIA, Code.DX_FACIAL_MYOKYMIA, Code.DX_HFS_SUSPECTED,
                Code.DX_HFS_PRIMARY, Code.DX_HFS_SECONDARY, Code.DX_BLEPHAROSPASM_PROVISIONAL,
                Code.DX_BENIGN_ESSENTIAL_BLEPHAROSPASM, Code.DX_MEIGE_SYNDROME, Code.DX_POSTPARALYTIC_SYNKINESIS,
                Code.DX_BELLS_PALSY, Code.DX_TIC_DISORDER, Code.DX_SUSPECTED_FOCAL_SEIZURE, Code.DX_POSSIBLE_FUNCTIONAL,
                Code.DX_TARDIVE_SYNDROME, Code.ALERT_BONT_DISTANT_SPREAD, Code.DATA_NEEDED);
    }

    @Test
    void whenIndexesRunOn_thenThePresentationsTakeTurns() {
        PatientGenerator generator = new PatientGenerator(1);
        Set<PatientGenerator.Presentation> seen = EnumSet.noneOf(PatientGenerator.Presentation.class);
        for (int i = 0; i < PatientGenerator.Presentation.values().length; i++) seen.add(generator.presentation(i));
        assertThat(seen).containsExactlyInAnyOrder(PatientGenerator.Presentation.values());
    }
}
