package org.facialcds.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.facialcds.Configuration;
import org.facialcds.Explanation;
import org.facialcds.FacialCds;
import org.facialcds.RuleCheck;
import org.facialcds.facts.Code;
import org.facialcds.facts.PatientFacts;
import org.facialcds.scenario.Coverage;
import org.facialcds.scenario.Expectation;
import org.facialcds.scenario.JUnitReport;
import org.facialcds.scenario.Scenario;
import org.facialcds.scenario.ScenarioException;
import org.facialcds.scenario.ScenarioLoader;
import org.facialcds.scenario.ScenarioResult;
import org.facialcds.scenario.ScenarioRunner;

/**
 * One author's test session: the rules compiled once (again after an edit), the scenarios run,
 * each failure printed as a readable diff with "why not" hints for the missing codes, and the
 * {@code N passed, M failed} line. {@code test} runs it once; {@code test --watch} keeps it and
 * re-runs on changes.
 */
final class TestSession implements AutoCloseable {

    /** What to produce besides the diff; the same for every run of the session. */
    record Options(Path junitXml, boolean coverage, Path coverageReport, boolean requireFullCoverage, boolean whyNot) {
    }

    /** How many rules a "why not" hint names per missing code. */
    static final int HINT_RULES = 4;

    private final Path rulesDirectory;
    private final List<Path> scenarioPaths;
    private final Options options;
    private final PrintStream out;
    private final PrintStream err;
    private FacialCds cds;

    TestSession(Path rulesDirectory, List<Path> scenarioPaths, Options options, PrintStream out, PrintStream err) {
        this.rulesDirectory = rulesDirectory;
        this.scenarioPaths = List.copyOf(scenarioPaths);
        this.options = options;
        this.out = out;
        this.err = err;
    }

    Path rulesDirectory() {
        return rulesDirectory;
    }

    List<Path> scenarioPaths() {
        return scenarioPaths;
    }

    /** Whether the rules compiled at the last attempt. */
    boolean compiled() {
        return cds != null;
    }

    /** (Re)compiles the rules; on failure prints every problem and keeps no engine. Returns an exit code. */
    int compile() {
        close();
        long start = System.nanoTime();
        Inputs.Built built = Inputs.build(Configuration.builder().rulesDirectory(rulesDirectory).poolSize(2).build(), err);
        if (!built.ok()) return built.exitCode();
        cds = built.cds();
        out.println("Compiled " + cds.knowledgeBase().ruleCount() + " rules (" + cds.knowledgeBase().name() + " "
                + cds.knowledgeBase().version() + ") in " + seconds(start));
        return Main.EXIT_OK;
    }

    /** Runs every scenario file under the scenario paths, with coverage and reports. */
    int runAll() {
        List<Path> files;
        try {
            files = ScenarioLoader.files(scenarioPaths);
        } catch (ScenarioException e) {
            err.println(Main.NAME + ": " + e.getMessage());
            return Main.EXIT_INVALID;
        } catch (UncheckedIOException e) {
            err.println(Main.NAME + ": cannot read scenarios: " + Inputs.reason(e.getCause()));
            return Main.EXIT_INVALID;
        }
        return run(files, true);
    }

    /**
     * Runs the scenarios of these files. With {@code full}, this is the whole suite: coverage and
     * the JUnit report are produced. Returns 0, 1 (a scenario failed or, if required, a rule is not
     * covered), 2 (a scenario file cannot be read) or 3 (no compiled rules).
     */
    int run(List<Path> files, boolean full) {
        if (cds == null) {
            err.println(Main.NAME + ": the rules do not compile; fix them first (the errors are above)");
            return Main.EXIT_RULES;
        }
        long start = System.nanoTime();
        ScenarioRunner runner = new ScenarioRunner(cds);
        Coverage coverage = new Coverage(cds.rules());
        JUnitReport junit = new JUnitReport("facial-cds scenarios");
        List<String> unreadable = new ArrayList<>();
        int passed = 0;
        int failed = 0;
        for (Path file : files) {
            List<Scenario> scenarios;
            try {
                scenarios = ScenarioLoader.loadFile(file);
            } catch (ScenarioException e) {
                unreadable.add(e.getMessage());
                junit.addUnreadable(file.toString(), e.getMessage());
                continue;
            }
            for (Scenario scenario : scenarios) {
                long t = System.nanoTime();
                ScenarioResult result = runner.run(scenario);
                junit.add(result, (System.nanoTime() - t) / 1e9);
                coverage.add(result);
                if (result.passed()) {
                    passed++;
                } else {
                    failed++;
                    out.print("FAIL " + result.report());
                    if (options.whyNot()) out.print(hints(scenario, result));
                    out.println();
                }
            }
        }
        for (String problem : unreadable) err.println(Main.NAME + ": " + problem);
        int code = failed > 0 ? Main.EXIT_FAILED : Main.EXIT_OK;
        if (!unreadable.isEmpty()) code = Main.EXIT_INVALID;
        List<String> unfired = full ? coverage.unfired() : List.of();
        if (full) {
            if (options.requireFullCoverage()) junit.addCoverage(coverage);
            if (options.coverage()) out.print(coverage.report() + "\n");
            boolean written = write(options.coverageReport(), coverage.report());
            written &= write(options.junitXml(), junit.toXml());
            if (!written) code = Math.max(code, Main.EXIT_INVALID);
            if (options.requireFullCoverage() && !unfired.isEmpty()) {
                out.println("Not fired by any scenario (" + unfired.size() + " rules): " + String.join(", ", unfired));
                if (code == Main.EXIT_OK) code = Main.EXIT_FAILED;
            }
        }
        int scenarios = passed + failed;
        out.println("Ran " + scenarios + (scenarios == 1 ? " scenario" : " scenarios") + " from " + files.size()
                + (files.size() == 1 ? " file" : " files") + " in " + seconds(start)
                + (unreadable.isEmpty() ? "" : "; " + unreadable.size() + " unreadable scenario file"
                + (unreadable.size() == 1 ? "" : "s")));
        out.println(passed + " passed, " + failed + " failed");
        out.flush();
        return code;
    }

    /** For each missing code, the rules that could produce it and why they did not, in a few lines. */
    private String hints(Scenario scenario, ScenarioResult result) {
        if (result.evaluation() == null || result.missing().isEmpty()) return "";
        Set<Code> codes = new LinkedHashSet<>();
        for (Expectation e : result.missing()) {
            if (!result.evaluation().has(e.code())) codes.add(e.code());
        }
        StringBuilder s = new StringBuilder();
        try {
            PatientFacts patient = cds.read(scenario.patient(), null);
            var policy = cds.configuration().policy().withOverrides(scenario.policy());
            for (Code code : codes) {
                Explanation e = cds.whyNot(patient, policy, code);
                s.append("  why not ").append(code).append("?\n");
                if (e.rules().isEmpty()) s.append("    no rule concludes ").append(code).append('\n');
                e.rules().stream().limit(HINT_RULES).forEach(r -> s.append("    ").append(hint(r)).append('\n'));
                if (e.rules().size() > HINT_RULES) {
                    int more = e.rules().size() - HINT_RULES;
                    s.append("    … and ").append(more).append(more == 1 ? " more rule: " : " more rules: ")
                            .append(explainCommand(scenario, code)).append('\n');
                }
            }
        } catch (RuntimeException e) {
            s.append("  (why-not hints unavailable: ").append(Main.describe(e)).append(")\n");
        }
        return s.toString();
    }

    /** One line: the rule and its first failing condition, or the veto or hold that removed the code. */
    static String hint(RuleCheck r) {
        StringBuilder s = new StringBuilder(r.rule()).append(": ");
        switch (r.outcome()) {
            case NOT_MET -> {
                s.append("condition ").append(r.condition()).append(" not met (line ").append(r.conditionLine()).append("): ")
                        .append(r.conditionText().strip().replaceAll("\\s*\\R\\s*", " "));
                if (!r.unknown().isEmpty()) s.append("; unknown: ").append(String.join(", ", r.unknown()));
                if (!r.blockedBy().isEmpty()) s.append("; blocked by ").append(String.join(", ", r.blockedBy()));
                if (r.unknown().isEmpty() && r.blockedBy().isEmpty() && !r.observed().isEmpty()) {
                    s.append("; ").append(r.observed().get(0));
                }
                if (r.upstream() != null && !r.upstream().rules().isEmpty()) {
                    RuleCheck first = r.upstream().rules().get(0);
                    s.append("; ").append(r.upstream().code()).append(" was not derived: ").append(hint(first));
                    if (r.upstream().rules().size() > 1) s.append(" (and ").append(r.upstream().rules().size() - 1).append(" more)");
                }
            }
            case REMOVED -> s.append("derived, then ").append(String.join("; ",
                    r.removals().stream().map(Object::toString).toList()));
            case PRODUCED -> s.append("derived it");
            case NOT_PRODUCED -> s.append("conditions met, but it concluded something else");
            default -> s.append("could not be checked");
        }
        return s.toString();
    }

    /** Writes a report file; {@code false} (after saying why) when it cannot. */
    private boolean write(Path file, String text) {
        if (file == null) return true;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return true;
        } catch (IOException e) {
            err.println(Main.NAME + ": cannot write " + file + ": " + Inputs.reason(e));
            return false;
        }
    }

    static String seconds(long startNanos) {
        return String.format(Locale.ROOT, "%.2f s", (System.nanoTime() - startNanos) / 1e9);
    }

    @Override
    public void close() {
        if (cds != null) {
            cds.close();
            cds = null;
        }
    }

    /** The command that explains a missing code of this scenario in full. */
    static String explainCommand(Scenario s, Code code) {
        String file = s.file().replaceFirst(": cases\\[\\d+\\]$", "");
        String command = Main.NAME + " explain --why-not " + code + " " + file;
        return s.file().equals(file) ? command : command + " --case '" + s.name().replace("'", "'\\''") + "'";
    }
}
