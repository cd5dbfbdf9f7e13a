package org.facialcds.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code facial-cds test}: runs the scenario files against a rules directory, prints a readable diff
 * for each failure and {@code N passed, M failed}; optionally writes a JUnit XML report and rule
 * coverage, and watches for edits.
 */
@Command(name = "test", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Run scenario files against the rules: a readable diff per failure (missing codes with why-not"
                + " hints, unexpected codes with their reasoning, broken safety invariants), then 'N passed, M failed'.",
                "PATH: scenario files or folders (default: DIR/scenarios, or DIR)."},
        footer = {"", "Exit codes: 0 all passed; 1 a scenario failed (or, with --require-full-coverage, a rule no scenario"
                + " fires); 2 an unreadable scenario file or bad usage; 3 rules that do not compile."})
final class TestCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = "--rules", paramLabel = "DIR", description = "Rules directory (default: ./rules).")
    Path rules;

    @Option(names = "--junit-xml", paramLabel = "FILE", description = "Write a JUnit XML report (for Jenkins, GitLab, GitHub).")
    Path junitXml;

    @Option(names = "--coverage", description = "Print which scenarios fire each rule, per file and per evidence source.")
    boolean coverage;

    @Option(names = "--coverage-report", paramLabel = "FILE.md", description = "Write the coverage report as Markdown.")
    Path coverageReport;

    @Option(names = "--require-full-coverage", description = "Fail (exit 1) when a rule is fired by no scenario.")
    boolean requireFullCoverage;

    @Option(names = "--no-why-not",
            description = "Do not explain missing codes (by default each is followed by the rules that could produce it"
                    + " and why they did not).")
    boolean noWhyNot;

    @Option(names = "--watch", description = "Keep running: re-run when a rule or scenario file changes (Ctrl-C stops).")
    boolean watch;

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Scenario files or folders.")
    List<Path> paths;

    @Override
    public Integer call() {
        Path dir = Inputs.authoringRules(rules, main.err);
        if (dir == null) return Main.EXIT_INVALID;
        List<Path> scenarioPaths = paths != null && !paths.isEmpty() ? paths
                : List.of(Inputs.scenarios(dir));
        for (Path p : scenarioPaths) {
            if (!Files.exists(p)) {
                main.err.println(Main.NAME + ": cannot read " + p + ": no such file or directory");
                return Main.EXIT_INVALID;
            }
        }
        TestSession.Options options = new TestSession.Options(junitXml, coverage, coverageReport, requireFullCoverage, !noWhyNot);
        try (TestSession session = new TestSession(dir, scenarioPaths, options, main.out, main.err)) {
            int code = session.compile();
            if (code == Main.EXIT_OK) code = session.runAll();
            if (!watch) return code;
            try (Watcher watcher = new Watcher(session, main.out)) {
                return watcher.loop();
            } catch (IOException | UncheckedIOException e) {
                main.err.println(Main.NAME + ": cannot watch " + dir + ": " + Inputs.reason(e instanceof IOException io ? io : e.getCause()));
                return Main.EXIT_INVALID;
            }
        }
    }
}
