package org.facialcds.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.facialcds.FacialCds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every scenario under {@code rules/} as one JUnit test, failing with the readable diff. */
class ScenarioSuiteTest {

    private static FacialCds cds;

    @BeforeAll
    static void compileRules() {
        cds = FacialCds.withRules(Path.of("rules"));
    }

    @AfterAll
    static void close() {
        cds.close();
    }

    @Test
    void everyRuleIsFiredByAtLeastOneScenario() {
        ScenarioRunner runner = new ScenarioRunner(cds);
        Coverage coverage = new Coverage(cds.rules());
        ScenarioLoader.load(List.of(Path.of("rules"))).forEach(s -> coverage.add(runner.run(s)));
        assertThat(coverage.unfired()).as("rules that no scenario fires").isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> everyScenarioUnderRules() {
        List<Scenario> scenarios = ScenarioLoader.load(List.of(Path.of("rules")));
        assertThat(scenarios).isNotEmpty();
        ScenarioRunner runner = new ScenarioRunner(cds);
        return scenarios.stream().map(s -> DynamicTest.dynamicTest(s.name(), Path.of(s.file().split(": ")[0]).toUri(), () -> {
            ScenarioResult result = runner.run(s);
            assertThat(result.passed()).as(result.report()).isTrue();
        }));
    }
}
