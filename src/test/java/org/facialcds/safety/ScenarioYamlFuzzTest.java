package org.facialcds.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.facialcds.scenario.Scenario;
import org.facialcds.scenario.ScenarioException;
import org.facialcds.scenario.ScenarioLoader;
import org.facialcds.scenario.ScenarioResult;
import org.facialcds.scenario.ScenarioRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the scenario YAML loader: alias bombs (billion laughs), huge and deeply nested documents,
 * and random damage to the scenario files under rules/scenarios. Each file must load, or fail with one
 * ScenarioException (FCDS-0401) naming the file, within seconds; whatever loads must run through the
 * ScenarioRunner to a result. Fixed seeds in CI; {@code -Dfacialcds.fuzz=N} for longer runs.
 */
class ScenarioYamlFuzzTest {

    static final Duration LIMIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    static List<Path> scenarioFiles;

    @BeforeAll
    static void setUp() throws IOException {
        Safety.cds(); // compile the rules before the timed parts
        try (Stream<Path> walk = Files.walk(Path.of("rules/scenarios"))) {
            scenarioFiles = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    /** Loads the file and runs what loads; returns "loaded" or "rejected"; anything else fails the test. */
    static String outcome(Path file) {
        return assertTimeoutPreemptively(LIMIT, () -> {
            List<Scenario> scenarios;
            try {
                scenarios = ScenarioLoader.loadFile(file);
            } catch (ScenarioException e) {
                assertThat(e.getMessage()).startsWith("FCDS-0401: ").contains(file.getFileName().toString())
                        .doesNotContain("\tat ");
                return "rejected";
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                return fail(file.getFileName() + " ended in " + e, e);
            }
            ScenarioRunner runner = new ScenarioRunner(Safety.cds());
            for (Scenario s : scenarios) {
                try {
                    ScenarioResult result = runner.run(s);
                    assertThat(result).isNotNull();
                } catch (RuntimeException | StackOverflowError e) {
                    return fail("scenario " + s.name() + " of " + file.getFileName() + " ended in " + e, e);
                }
            }
            return "loaded";
        }, () -> "no answer within " + LIMIT + " for " + file.getFileName());
    }

    Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    static final String CASE = "name: x\npatient:\n  asOf: 2026-11-26\nexpect:\n  present: []\n";

    @Test
    void whenBillionLaughs_thenRejectedQuickly() throws IOException {
        StringBuilder y = new StringBuilder("name: lol\nexpect: {present: []}\nbase: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        y.append("description:\n");
        for (int i = 1; i <= 9; i++) {
            y.append("  l").append(i).append(": &a").append(i).append(" [");
            for (int k = 0; k < 9; k++) y.append(k == 0 ? "" : ",").append("*a").append(i - 1);
            y.append("]\n");
        }
        y.append("patient:\n  id: *a9\n");
        assertThat(outcome(write("billion-laughs.yaml", y.toString()))).isEqualTo("rejected");
    }

    @Test
    void whenManyAliases_thenRejected() throws IOException {
        StringBuilder y = new StringBuilder("name: x\nexpect: {present: []}\npatient: &p {asOf: 2026-11-26}\ncases:\n");
        for (int i = 0; i < 200; i++) y.append("  - {name: c").append(i).append(", patient: *p, expect: {present: []}}\n");
        String result = outcome(write("aliases.yaml", y.toString()));
        assertThat(result).isEqualTo("rejected");
    }

    @Test
    void whenDeeplyNested_thenRejectedNotStackOverflow() throws IOException {
        String flow = CASE + "description: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
        assertThat(outcome(write("deep-flow.yaml", flow))).isEqualTo("rejected");
        StringBuilder block = new StringBuilder(CASE + "description:\n");
        for (int i = 0; i < 2_000; i++) block.append(" ".repeat(i + 1)).append("k").append(":\n");
        assertThat(outcome(write("deep-block.yaml", block.toString()))).isEqualTo("rejected");
    }

    @Test
    void whenHugeDocument_thenRejectedWithoutExhaustingMemory() throws IOException {
        Path huge = dir.resolve("huge.yaml");
        try (var out = Files.newBufferedWriter(huge, StandardCharsets.UTF_8)) {
            out.write(CASE + "description: \"");
            String chunk = "x".repeat(1 << 20);
            for (int i = 0; i < 64; i++) out.write(chunk); // 64 MiB
            out.write("\"\n");
        }
        assertThat(outcome(huge)).isEqualTo("rejected");
        StringBuilder many = new StringBuilder("name: x\nexpect: {present: []}\npatient: {asOf: 2026-11-26}\ncases:\n");
        for (int i = 0; i < 20_000; i++) many.append("  - {name: c").append(i).append(", expect: {present: []}}\n");
        assertThat(outcome(write("many-cases.yaml", many.toString()))).isIn("loaded", "rejected");
    }

    @Test
    void whenDuplicateKeys_thenRejected() throws IOException {
        assertThat(outcome(write("dup.yaml", "name: a\nname: b\npatient: {}\nexpect: {present: []}\n")))
                .isEqualTo("rejected");
    }

    @Test
    void whenScenarioFilesAreDamaged_thenLoadedOrRejectedClearly() throws IOException {
        Random r = new Random(Safety.fuzzSeed(8_003L));
        int n = Safety.fuzzIterations(120);
        int loaded = 0;
        int rejected = 0;
        String specials = ":-[]{}&*!|>'\"#%@`,?\n\t \u0000\uFEFF";
        for (int i = 0; i < n; i++) {
            Path source = scenarioFiles.get(r.nextInt(scenarioFiles.size()));
            String text = Files.readString(source);
            String damaged = text;
            for (int k = 1 + r.nextInt(3); k > 0; k--) {
                int at = r.nextInt(Math.max(1, damaged.length()));
                damaged = switch (r.nextInt(5)) {
                    case 0 -> damaged.substring(0, at);
                    case 1 -> damaged.substring(0, at) + damaged.substring(Math.min(damaged.length(), at + 1 + r.nextInt(20)));
                    case 2 -> damaged.substring(0, at) + specials.charAt(r.nextInt(specials.length())) + damaged.substring(at);
                    case 3 -> {
                        List<String> lines = new ArrayList<>(damaged.lines().toList());
                        if (lines.size() > 2) lines.add(r.nextInt(lines.size()), lines.get(r.nextInt(lines.size())));
                        yield String.join("\n", lines);
                    }
                    default -> damaged.substring(0, at) + "&x " + damaged.substring(at) + "\n*x\n";
                };
            }
            if (outcome(write("damaged-" + i + ".yaml", damaged)).equals("loaded")) loaded++;
            else rejected++;
        }
        System.out.printf("scenario YAML fuzz: %d files, %d loaded and ran, %d rejected%n", n, loaded, rejected);
        assertThat(loaded + rejected).isEqualTo(n);
    }

    @Test
    void whenBinaryGarbage_thenRejected() throws IOException {
        Random r = new Random(Safety.fuzzSeed(8_004L));
        for (int i = 0; i < 10; i++) {
            byte[] bytes = new byte[1 + r.nextInt(4096)];
            r.nextBytes(bytes);
            Path file = dir.resolve("garbage-" + i + ".yaml");
            Files.write(file, bytes);
            assertThat(outcome(file)).isIn("loaded", "rejected");
        }
        try {
            ScenarioLoader.loadFile(dir.resolve("missing.yaml"));
            fail("a missing file loaded");
        } catch (ScenarioException e) {
            assertThat(e.getMessage()).contains("missing.yaml");
        }
    }
}
