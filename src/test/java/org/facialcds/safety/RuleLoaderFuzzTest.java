package org.facialcds.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facialcds.Evaluation;
import org.facialcds.FacialCds;
import org.facialcds.FacialCdsException;
import org.facialcds.RuleCompilationException;
import org.facialcds.engine.Engine;
import org.facialcds.engine.KnowledgeBase;
import org.facialcds.engine.KnowledgeBaseException;
import org.facialcds.engine.RuleFile;
import org.facialcds.engine.RuleFiles;
import org.facialcds.facts.PatientFacts;
import org.facialcds.facts.PolicySettings;
import org.facialcds.scenario.Scenario;
import org.facialcds.scenario.ScenarioLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the rule loader with truncated and mutated copies of the DRL files in rules/. Each must end in
 * a KnowledgeBaseException (KnowledgeBase.compile) or a RuleCompilationException (FacialCds) whose
 * problems name the file, or compile; a knowledge base that compiles must then evaluate patients to a
 * result or a FacialCdsException (a looping rule is FCDS-0205). Never a hang or another exception type.
 * Fixed seeds in CI; {@code -Dfacialcds.fuzz=N} for longer runs (docs/safety.md).
 */
class RuleLoaderFuzzTest {

    static final Duration LIMIT = Duration.ofSeconds(90);

    static List<RuleFile> files;
    static Properties properties;
    static List<PatientFacts> patients;
    static FacialCds cds;
    static List<String> referenceResult;
    static PatientFacts reference;

    @BeforeAll
    static void setUp() {
        files = RuleFiles.fromDirectory(Path.of("rules")).drl();
        properties = new Properties();
        properties.setProperty("name", "fuzz");
        cds = Safety.cds();
        patients = new ArrayList<>();
        for (Scenario s : ScenarioLoader.load(List.of(Path.of("rules/scenarios")))) {
            try {
                patients.add(cds.read(s.patient(), null));
            } catch (FacialCdsException e) {
                // a scenario that tests invalid input
            }
            if (patients.size() >= 40) break;
        }
        reference = patients.get(0);
        referenceResult = SafetyPropertiesTest.signature(cds.evaluate(reference));
    }

    static final Pattern RULE_START = Pattern.compile("(?m)^rule ");
    static final Pattern CODE = Pattern.compile("Code\\.[A-Z_]+");
    static final String[] INSERTS = {"(", ")", "\"", "end", "then", "when", "rule \"x\"", "@id(\"DX-HFS-01\")",
        "||", "&&", "$x :", "not", ";", "{", "}", "\\", "/*", "eval(true)", "insertLogical(null);",
        "Code.NOT_A_CODE", "import java.io.File;", "\u0000", "\uFFFF"};

    /** One damaged copy of a DRL file, and what was done to it. */
    record Mutant(RuleFile file, String what) {
    }

    static Mutant mutate(RuleFile file, Random r) {
        String text = file.text();
        int at = r.nextInt(Math.max(1, text.length()));
        String what;
        String out;
        switch (r.nextInt(8)) {
            case 0 -> {
                out = text.substring(0, at);
                what = "truncated at " + at;
            }
            case 1 -> {
                int len = 1 + r.nextInt(40);
                out = text.substring(0, at) + text.substring(Math.min(text.length(), at + len));
                what = "deleted " + len + " characters at " + at;
            }
            case 2 -> {
                String insert = INSERTS[r.nextInt(INSERTS.length)];
                out = text.substring(0, at) + insert + text.substring(at);
                what = "inserted " + insert.strip() + " at " + at;
            }
            case 3 -> {
                List<String> lines = new ArrayList<>(text.lines().toList());
                int line = r.nextInt(lines.size());
                lines.remove(line);
                out = String.join("\n", lines);
                what = "removed line " + (line + 1);
            }
            case 4 -> {
                Matcher m = RULE_START.matcher(text);
                List<Integer> starts = new ArrayList<>();
                while (m.find()) starts.add(m.start());
                if (starts.isEmpty()) {
                    out = text + text;
                    what = "doubled";
                } else {
                    int i = r.nextInt(starts.size());
                    int end = i + 1 < starts.size() ? starts.get(i + 1) : text.length();
                    out = text + "\n" + text.substring(starts.get(i), end);
                    what = "rule " + (i + 1) + " repeated (same name and @id)";
                }
            }
            case 5 -> {
                Matcher m = CODE.matcher(text);
                List<int[]> spans = new ArrayList<>();
                while (m.find()) spans.add(new int[] {m.start(), m.end()});
                if (spans.isEmpty()) {
                    out = text.substring(0, at);
                    what = "truncated at " + at;
                } else {
                    int[] span = spans.get(r.nextInt(spans.size()));
                    out = text.substring(0, span[0]) + "Code.NO_SUCH_CODE" + text.substring(span[1]);
                    what = "unknown code at " + span[0];
                }
            }
            case 6 -> {
                int len = Math.min(text.length() - at, 1 + r.nextInt(200));
                out = text.substring(0, at) + new StringBuilder(text.substring(at, at + len)).reverse()
                        + text.substring(at + len);
                what = "reversed " + len + " characters at " + at;
            }
            default -> {
                out = text.replace("@evidence(", "@source(");
                what = "no @evidence";
            }
        }
        return new Mutant(new RuleFile(file.path(), out), file.path() + ": " + what);
    }

    /** Compiles the knowledge base with one file replaced (or alone); evaluates when it compiles. */
    static String outcome(List<RuleFile> drl, String what) {
        return assertTimeoutPreemptively(LIMIT, () -> {
            KnowledgeBase kb;
            try {
                kb = KnowledgeBase.compile(RuleFiles.of(drl, properties));
            } catch (KnowledgeBaseException e) {
                assertThat(e.code()).as(what).matches("FCDS-02\\d\\d");
                assertThat(e.problems()).as(what).isNotEmpty();
                for (String p : e.problems()) assertThat(p).as(what).startsWith("rules/").doesNotContain("\tat ");
                return "rejected";
            } catch (RuntimeException | StackOverflowError e) {
                return fail(what + ": compiling ended in " + e, e);
            }
            try (Engine engine = new Engine(kb, 1)) {
                for (PatientFacts p : patients) {
                    try {
                        engine.run(p.facts(), PolicySettings.DEFAULTS);
                    } catch (KnowledgeBaseException e) {
                        assertThat(e.code()).as(what).isEqualTo("FCDS-0205");
                    }
                }
            } catch (RuntimeException | StackOverflowError e) {
                return fail(what + ": evaluating with the compiled rules ended in " + e, e);
            }
            return "compiled";
        }, () -> what + ": no answer within " + LIMIT);
    }

    static void engineStillAnswers() {
        assertThat(SafetyPropertiesTest.signature(cds.evaluate(reference))).isEqualTo(referenceResult);
    }

    @Test
    void whenOneRuleFileIsDamaged_thenCompilationErrorOrWorkingRules() {
        Random r = new Random(Safety.fuzzSeed(8_005L));
        int n = Math.max(12, Safety.fuzzIterations(300) / 20);
        int rejected = 0;
        int compiled = 0;
        for (int i = 0; i < n; i++) {
            RuleFile original = files.get(r.nextInt(files.size()));
            Mutant m = mutate(original, r);
            // compiled on its own: quick; the other files are not needed to parse and type-check one
            if (outcome(List.of(m.file()), m.what()).equals("rejected")) rejected++;
            else compiled++;
        }
        System.out.printf("rule loader fuzz: %d damaged files, %d rejected, %d compiled and evaluated%n", n,
                rejected, compiled);
        engineStillAnswers();
    }

    @Test
    void whenEveryFileIsTruncatedInTheWholeKnowledgeBase_thenRejectedByFile() {
        Random r = new Random(Safety.fuzzSeed(8_006L));
        List<RuleFile> all = new ArrayList<>();
        for (RuleFile f : files) {
            int cut = 1 + r.nextInt(Math.max(1, f.text().length() - 1));
            all.add(new RuleFile(f.path(), f.text().substring(0, cut)));
        }
        assertThat(outcome(all, "every file truncated")).isIn("rejected", "compiled");
        engineStillAnswers();
    }

    @Test
    void whenDamagedRulesDirectory_thenFacialCdsThrowsRuleCompilationException(@TempDir Path dir) throws IOException {
        Random r = new Random(Safety.fuzzSeed(8_007L));
        int n = Math.max(2, Safety.fuzzIterations(300) / 100);
        for (int i = 0; i < n; i++) {
            Path rules = dir.resolve("rules-" + i);
            Mutant m = mutate(files.get(r.nextInt(files.size())), r);
            for (RuleFile f : files) {
                Path target = rules.resolve(f.path().substring("rules/".length()));
                Files.createDirectories(target.getParent());
                Files.writeString(target, f.path().equals(m.file().path()) ? m.file().text() : f.text());
            }
            Files.writeString(rules.resolve("knowledge-base.properties"), "name=fuzz\nversion=0\n");
            assertTimeoutPreemptively(LIMIT, () -> {
                try (FacialCds damaged = FacialCds.withRules(rules)) {
                    for (PatientFacts p : patients.subList(0, 10)) {
                        try {
                            Evaluation e = damaged.evaluate(p);
                            assertThat(e).isNotNull();
                        } catch (FacialCdsException e) {
                            assertThat(e.code()).as(m.what()).startsWith("FCDS-02");
                        }
                    }
                } catch (RuleCompilationException e) {
                    assertThat(e.getMessage()).as(m.what()).startsWith("FCDS-020");
                    for (String p : e.problems()) assertThat(p).as(m.what()).startsWith("rules/");
                } catch (RuntimeException e) {
                    fail(m.what() + ": FacialCds.withRules ended in " + e, e);
                }
            }, () -> m.what() + ": no answer within " + LIMIT);
        }
        try {
            FacialCds.withRules(dir.resolve("no-such-directory"));
            fail("a missing rules directory was accepted");
        } catch (RuleCompilationException e) {
            assertThat(e.getMessage()).contains("no-such-directory");
        }
        engineStillAnswers();
    }
}
