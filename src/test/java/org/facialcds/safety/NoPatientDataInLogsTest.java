package org.facialcds.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.facialcds.FacialCds;
import org.facialcds.FacialCdsException;
import org.facialcds.cli.Main;
import org.facialcds.facts.PatientFacts;
import org.facialcds.scenario.Scenario;
import org.facialcds.scenario.ScenarioLoader;
import org.facialcds.scenario.ScenarioRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No patient data in logs: every surface (read, evaluate, invalid input, scenarios, the CLI) runs in a
 * fresh JVM with slf4j-simple at TRACE for every logger (Drools included), writing to standard error;
 * the test fails if a marker placed in an id, a medication name, a condition code, or a date reaches a
 * log line. A fresh JVM because slf4j-simple reads its level once, at first use.
 */
class NoPatientDataInLogsTest {

    static final String ID = "ZQXMARK-ID-7731";
    static final String DRUG = "zqxmark-drug-5519";
    static final String CONDITION_SYSTEM = "urn:zqxmark:system";
    static final String CONDITION_CODE = "ZQXMARK-COND-2207";
    static final String UNKNOWN_CONDITION = "ZQXMARK_WORD";
    static final String RXNORM_CODE = "9876543219";
    static final List<String> DATES = List.of("2031-07-19", "1951-09-13", "2029-12-23", "2027-05-06", "2030-10-14",
            "2031-07-17", "2031-06-02");
    static final List<String> MARKERS = markers();

    static List<String> markers() {
        List<String> all = new ArrayList<>(List.of(ID, DRUG, CONDITION_SYSTEM, CONDITION_CODE, UNKNOWN_CONDITION,
                RXNORM_CODE));
        all.addAll(DATES);
        return List.copyOf(all);
    }

    /** A patient with a marker in every free-text, id and code field, and in every date. */
    static String patient(boolean valid) {
        return """
                {"id": "%s", "asOf": "2031-07-19", "birthDate": "1951-09-13", "sex": "FEMALE",
                 "twitching": {"laterality": "BILATERAL_SYNCHRONOUS", "regions": ["PERIOCULAR"], "firstRegion": "PERIOCULAR",
                               "movement": "SUSTAINED_CLOSURE", "onsetDate": "2029-12-23", "sensoryTrick": true},
                 "exam": {"neuroExam": "NORMAL"},
                 "history": {"facialPalsy": {"side": "LEFT", "onsetDate": "2031-07-17", "cause": "BELLS_PALSY"},
                             "botulinumToxin": {"lastInjectionDate": "2031-06-02", "response": "GOOD"}},
                 "conditions": [{"system": "%s", "code": "%s"}, {"code": "SEVERE_DRY_EYE"}%s],
                 "medications": [{"name": "%s", "startDate": "2027-05-06",
                                  "code": {"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "%s"}}],
                 "imaging": [{"modality": "MRI", "status": "DONE", "date": "2030-10-14", "findings": ["NORMAL"]}]}
                """.formatted(ID, CONDITION_SYSTEM, CONDITION_CODE,
                valid ? "" : ", {\"code\": \"" + UNKNOWN_CONDITION + "\"}", DRUG, RXNORM_CODE);
    }

    /** Runs in the child JVM: every surface, with the markers. Prints "probe done" on standard output. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        try (FacialCds cds = FacialCds.withRules(Path.of("rules"))) {
            PatientFacts facts = cds.read(patient(true), null);
            cds.evaluate(facts);
            cds.evaluate(patient(true));
            try {
                cds.read(patient(false), null);
            } catch (FacialCdsException expected) {
                // invalid input: the problem names the marker to the caller, never to the log
            }
            Path scenario = dir.resolve("markers.yaml");
            Files.writeString(scenario, "name: markers\nexpect:\n  present: [DATA_NEEDED]\npatient: " + patient(true)
                    .replace("\n", " ") + "\n");
            ScenarioRunner runner = new ScenarioRunner(cds);
            for (Scenario s : ScenarioLoader.load(List.of(scenario))) runner.run(s);
        }
        Path valid = dir.resolve("valid.json");
        Path invalid = dir.resolve("invalid.json");
        Files.writeString(valid, patient(true));
        Files.writeString(invalid, patient(false));
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Main.run(sink, sink, "evaluate", "--rules", "rules", valid.toString(), invalid.toString());
        Main.run(sink, sink, "evaluate", "--rules", "rules", "--format", "json", valid.toString());
        System.out.println("probe done");
    }

    @Test
    void whenEverySurfaceRunsAtTrace_thenNoMarkerReachesALogLine(@TempDir Path dir) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path err = dir.resolve("stderr.log");
        Path out = dir.resolve("stdout.log");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace",
                "-Dorg.slf4j.simpleLogger.log.org.drools=trace",
                "-Dorg.slf4j.simpleLogger.log.org.kie=trace",
                "-Dorg.slf4j.simpleLogger.logFile=System.err",
                "-Dorg.slf4j.simpleLogger.showDateTime=false",
                NoPatientDataInLogsTest.class.getName(), dir.toString());
        Process process = new ProcessBuilder(command).redirectError(err.toFile()).redirectOutput(out.toFile())
                .directory(new File(".")).start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) process.destroyForcibly();
        assertThat(finished).as("the probe finished").isTrue();
        String stdout = Files.readString(out);
        List<String> log = Files.readAllLines(err);
        assertThat(stdout).as("probe output; log tail %s", tail(log)).contains("probe done");
        assertThat(log.stream().anyMatch(l -> l.contains("TRACE") || l.contains("DEBUG")))
                .as("the probe logged at TRACE/DEBUG (the logger was configured)").isTrue();
        List<String> leaks = new ArrayList<>();
        for (String line : log) {
            for (String marker : MARKERS) {
                if (line.contains(marker)) leaks.add(marker + " in: " + abbreviate(line));
            }
        }
        System.out.printf("log probe: %d log lines at TRACE checked for %d markers%n", log.size(), MARKERS.size());
        assertThat(leaks).as("patient data in log lines").isEmpty();
    }

    static String abbreviate(String line) {
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    static List<String> tail(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - 20), lines.size());
    }
}
