package org.facialcds.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facialcds.cli.CliHarness.replace;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.facialcds.cli.CliHarness.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class TestCommandTest {

    @TempDir
    Path tmp;

    private static final String UNCOVERED_RULE = """
            package demo;

            import org.facialcds.facts.*;
            import function org.facialcds.facts.Conclusions.conclude;

            rule "A painful flicker that spreads to a limb with impaired awareness suggests a seizure"
                @id("NEW-01") @evidence("[S45] test evidence")
            when
                Twitching(movement == Movement.FINE_FLICKER, spreadsToLimb == true, impairedAwareness == true,
                          painful == true)
            then
                insertLogical(conclude(kcontext, Code.DX_SUSPECTED_FOCAL_SEIZURE));
            end
            """;

    @Test
    void whenEveryScenarioPasses_thenTheSummaryLineAndExitZero() {
        Path rules = CliHarness.demoRules(tmp.resolve("rules"));

        Run run = CliHarness.run("test", "--rules", rules.toString());

        assertThat(run.code()).as(run.all()).isZero();
        assertThat(run.outLines()).contains("1 passed, 0 failed");
        assertThat(run.out()).doesNotContain("FAIL");
    }

    @Test
    void whenAScenarioFails_thenItsDiffWithWhyNotHintsAndExitOne() throws Exception {
        Path rules = CliHarness.demoRules(tmp.resolve("rules"));
        Files.writeString(rules.resolve("scenarios/wrong.yaml"), """
                name: "Progressive flicker expecting reassurance"
                patient: {id: demo-2, asOf: "2026-11-26", age: 30, twitching: {movement: FINE_FLICKER, progressive: true}}
                expect:
                  present: [TX_REASSURANCE]
                  absent: [DX_EYELID_MYOKYMIA]
                """);

        Run run = CliHarness.run("test", "--rules", rules.toString());

        assertThat(run.code()).as(run.all()).isEqualTo(Main.EXIT_FAILED);
        assertThat(run.out()).contains("FAIL Progressive flicker expecting reassurance  (" + rules.resolve("scenarios/wrong.yaml") + ")")
                .contains("  - missing:    TX_REASSURANCE\n")
                .contains("  + unexpected: DX_EYELID_MYOKYMIA  because DEMO-01 on $.twitching.movement = FINE_FLICKER\n")
                .contains("  why not TX_REASSURANCE?\n")
                .contains("    DEMO-02: condition 2 not met (line 19): Twitching(progressive != true)");
        assertThat(run.outLines()).contains("1 passed, 1 failed");
    }

    @Test
    void whenJUnitXmlIsAsked_thenAWellFormedReportWithTheDiffAsFailureText() throws Exception {
        Path rules = CliHarness.demoRules(tmp.resolve("rules"));
        Files.writeString(rules.resolve("scenarios/wrong.yaml"), """
                name: "Expects <hemifacial> & spasm"
                patient: {id: demo-3, asOf: "2026-11-26", twitching: {movement: FINE_FLICKER}}
                expect: {present: [DX_HFS_SUSPECTED]}
                """);
        Path xml = tmp.resolve("reports/TEST-scenarios.xml");

        Run run = CliHarness.run("test", "--rules", rules.toString(), "--junit-xml", xml.toString());

        assertThat(run.code()).as(run.all()).isEqualTo(1);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(root.getAttribute("tests")).isEqualTo("2");
        assertThat(root.getAttribute("failures")).isEqualTo("1");
        assertThat(doc.getElementsByTagName("testsuite").getLength()).isEqualTo(2);
        Element failure = (Element) doc.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("1 missing");
        assertThat(failure.getTextContent()).contains("Expects <hemifacial> & spasm").contains("- missing:    DX_HFS_SUSPECTED");
        Element testcase = (Element) failure.getParentNode();
        assertThat(testcase.getAttribute("classname")).endsWith("scenarios.wrong");
    }

    @Test
    void whenCoverageIsAsked_thenRulesPerFileAndPerEvidenceSourceWithTheirScenarios() throws Exception {
        Path rules = CliHarness.demoRules(tmp.resolve("rules"));
        Path report = tmp.resolve("coverage.md");

        Run run = CliHarness.run("test", "--rules", rules.toString(), "--coverage", "--coverage-report", report.toString());

        assertThat(run.code()).as(run.all()).isZero();
        assertThat(run.out()).contains("# Rule coverage")
                .contains("## rules/demo/demo.drl (2 of 2 fired)")
                .contains("| DEMO-01 | Eyelid flicker suggests eyelid myokymia | Flicker is eyelid myokymia |")
                .contains("| [S18] | DEMO-01 | 1: Flicker is eyelid myokymia |")
                .contains("Every rule is fired by at least one scenario.");
        assertThat(Files.readString(report)).contains("## rules/demo/demo.drl (2 of 2 fired)");
    }

    @Test
    void whenFullCoverageIsRequiredAndARuleHasNoScenario_thenExitOneNamingTheRule() throws Exception {
        Path rules = CliHarness.demoRules(tmp.resolve("rules"));
        Run before = CliHarness.run("test", "--rules", rules.toString(), "--require-full-coverage");
        Files.writeString(rules.resolve("demo/seizure.drl"), UNCOVERED_RULE);

        Run after = CliHarness.run("test", "--rules", rules.toString(), "--require-full-coverage");

        assertThat(before.code()).as(before.all()).isZero();
        assertThat(after.code()).as(after.all()).isEqualTo(Main.EXIT_FAILED);
        assertThat(after.outLines()).contains("Not fired by any scenario (1 rules): NEW-01", "1 passed, 0 failed");
    }

    @Test
    void whenARuleWithoutAScenarioIsAddedToACopyOfTheRules_thenTestRequireFullCoverageFails() throws Exception {
        Path rules = CliHarness.copyOfRules(tmp.resolve("rules"));
        Files.createDirectories(rules.resolve("demo"));
        Files.writeString(rules.resolve("demo/seizure.drl"), UNCOVERED_RULE);
        Path xml = tmp.resolve("junit.xml");

        Run run = CliHarness.run("test", "--rules", rules.toString(), "--require-full-coverage", "--junit-xml", xml.toString());

        assertThat(run.code()).as(run.all()).isEqualTo(Main.EXIT_FAILED);
        assertThat(run.outLines()).anyMatch(l -> l.startsWith("Not fired by any scenario (") && l.contains("NEW-01"));
        assertThat(run.outLines()).anyMatch(l -> l.matches("\\d+ passed, \\d+ failed"));
        assertThat(Files.readString(xml)).contains("<testcase name=\"NEW-01\" classname=\"rule-coverage\"")
                .contains("no scenario fires NEW-01");
    }

    @Test
    void whenTheRulesDoNotCompile_thenExitThreeWithFileAndLine() throws Exception {
        Path rules = CliHarness.demoRules(tmp.resolve("rules"));
        replace(rules.resolve("demo/demo.drl"), "Twitching(progressive != true)", "Twitching(progressive != )");

        Run run = CliHarness.run("test", "--rules", rules.toString());

        assertThat(run.code()).isEqualTo(Main.EXIT_RULES);
        assertThat(run.errLines()).anyMatch(l -> l.matches("rules/demo/demo\\.drl:\\d+: .+"));
        assertThat(run.out()).doesNotContain("passed");
    }

    @Test
    void whenAScenarioFileIsBad_thenExitTwoAndTheOtherFilesStillRun() throws Exception {
        Path rules = CliHarness.demoRules(tmp.resolve("rules"));
        Files.writeString(rules.resolve("scenarios/bad.yaml"), "name: x\npatient: {id: p}\nexpect: {present: [NO_SUCH_CODE]}\n");

        Run run = CliHarness.run("test", "--rules", rules.toString());

        assertThat(run.code()).as(run.all()).isEqualTo(Main.EXIT_INVALID);
        assertThat(run.err()).contains("FCDS-0401").contains("bad.yaml").contains("unknown code \"NO_SUCH_CODE\"");
        assertThat(run.outLines()).contains("1 passed, 0 failed");
    }

    @Test
    void whenPathsAreGiven_thenOnlyThoseScenariosRun() throws Exception {
        Path rules = CliHarness.demoRules(tmp.resolve("rules"));
        Files.writeString(rules.resolve("scenarios/other.yaml"), CliHarness.DEMO_SCENARIO.replace("Flicker is", "Other"));

        Run run = CliHarness.run("test", "--rules", rules.toString(), rules.resolve("scenarios/other.yaml").toString());

        assertThat(run.outLines()).contains("1 passed, 0 failed");
        assertThat(CliHarness.run("test", "--rules", rules.toString(), tmp.resolve("nope.yaml").toString()).code())
                .isEqualTo(Main.EXIT_INVALID);
    }
}
