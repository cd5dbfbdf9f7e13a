package org.facialcds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.facialcds.engine.Engine;
import org.facialcds.engine.KnowledgeBase;
import org.facialcds.engine.RuleFile;
import org.facialcds.engine.RuleFiles;
import org.facialcds.facts.Fact;
import org.facialcds.facts.PatientFacts;
import org.facialcds.facts.PolicySettings;
import org.facialcds.scenario.Scenario;
import org.facialcds.scenario.ScenarioLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Conclusions do not depend on fact order, rule-file order or threads. */
class EngineBehaviourTest {

    private static FacialCds cds;
    private static List<PatientFacts> patients;

    @BeforeAll
    static void setUp() {
        cds = FacialCds.withRules(Path.of("rules"));
        patients = new ArrayList<>();
        for (Scenario s : ScenarioLoader.load(List.of(Path.of("rules/scenarios")))) {
            patients.add(cds.read(s.patient(), null));
        }
    }

    @AfterAll
    static void tearDown() {
        cds.close();
    }

    /** Everything a clinician or an auditor sees, as comparable text. */
    static List<String> signature(List<Recommendation> recommendations) {
        return recommendations.stream().map(r -> r.code() + "|" + r.urgency() + "|" + r.reason() + "|" + r.field()
                + "|" + r.detail() + "|" + r.cautions() + "|" + r.because().stream()
                .map(b -> b.rule() + b.facts() + b.from()).collect(Collectors.joining(";"))).toList();
    }

    @Test
    void whenFactsAreShuffledAndRuleFilesReversed_thenRecommendationsAreTheSame() {
        List<RuleFile> files = new ArrayList<>(RuleFiles.fromDirectory(Path.of("rules")).drl());
        Collections.reverse(files);
        java.util.Properties props = new java.util.Properties();
        props.setProperty("name", "facial-twitching");
        KnowledgeBase reversed = KnowledgeBase.compile(RuleFiles.of(files, props));
        Assembler assembler = new Assembler(reversed, true);
        Random random = new Random(20261126);
        assertThat(patients).hasSizeGreaterThan(20);
        try (Engine engine = new Engine(reversed, 2)) {
            for (PatientFacts patient : patients) {
                List<String> expected = signature(cds.evaluate(patient).recommendations());
                for (int round = 0; round < 3; round++) {
                    List<Fact> facts = new ArrayList<>(patient.facts());
                    Collections.shuffle(facts, random);
                    List<String> actual = signature(assembler.assemble(engine.run(facts, PolicySettings.DEFAULTS).conclusions()));
                    assertThat(actual).as(patient.patient().id()).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void whenTheSamePatientIsEvaluatedTwice_thenTheResultIsIdentical() {
        for (PatientFacts patient : patients) {
            assertThat(cds.evaluate(patient)).isEqualTo(cds.evaluate(patient));
        }
    }

    @Test
    void whenManyThreadsShareOneEngine_thenResultsEqualSerialEvaluation() throws Exception {
        List<Evaluation> serial = patients.stream().map(cds::evaluate).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 2 * patients.size(); i++) {
                        int k = (i + offset) % patients.size();
                        if (!cds.evaluate(patients.get(k)).equals(serial.get(k))) return false;
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : futures) assertThat(f.get()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }
}
