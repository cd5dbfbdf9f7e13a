package org.facialcds.cli;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.facialcds.FacialCdsException;
import org.facialcds.KnowledgeBaseInfo;
import org.facialcds.LintIssue;
import org.facialcds.LintReport;
import org.facialcds.RuleBook;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code facial-cds validate}: compiles the rules and lints them, every finding as
 * {@code file:line: …}. Errors (exit 3): compile errors, a missing or duplicate {@code @id}, a
 * missing {@code @evidence}, a code not in the catalogue, {@code eval}, printing, {@code salience},
 * a package that does not match its folder. Warnings (exit 0): short names, an undeclared policy
 * parameter, firing-order attributes, plain {@code insert}.
 */
@Command(name = "validate", aliases = "lint", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Compile and lint the rules; report every problem as file:line: message.",
                "Errors (exit 3): compile errors, missing or duplicate @id, missing @evidence, a Code.X not in the"
                        + " catalogue, eval(…), System.out/System.err/printStackTrace, salience, a package that does not"
                        + " match its folder.",
                "Warnings: a name of fewer than 3 words, a policy parameter read but not declared in @policy,"
                        + " agenda/activation groups, insert(…) instead of insertLogical(…)."})
final class ValidateCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = "--rules", paramLabel = "DIR",
            description = "Rules directory to check (default: the rules bundled in the jar).")
    Path rules;

    @Override
    public Integer call() {
        Integer problem = Inputs.checkRulesDirectory(rules, main.err);
        if (problem != null) {
            return problem;
        }
        LintReport report;
        try {
            report = (rules == null ? RuleBook.bundled() : RuleBook.read(rules)).lint();
        } catch (FacialCdsException e) {
            main.err.println(Main.NAME + ": " + e.getMessage().lines().findFirst().orElse(""));
            return Inputs.exitCodeOf(e);
        } catch (UncheckedIOException e) {
            main.err.println(Main.NAME + ": cannot read rules: " + Inputs.reason(e.getCause()));
            return Main.EXIT_INVALID;
        }
        List<LintIssue> compile = report.issues().stream().filter(i -> i.check().equals("compile")).toList();
        if (!compile.isEmpty()) {
            main.err.println(Main.NAME + ": FCDS-0201 the rules do not compile (" + compile.size()
                    + (compile.size() == 1 ? " problem" : " problems") + "):");
            compile.forEach(i -> main.err.println(i.file() + (i.line() > 0 ? ":" + i.line() : "") + ": " + i.message()));
        }
        report.issues().stream().filter(i -> !i.check().equals("compile")).forEach(i -> main.err.println(i));
        int errors = report.errors().size();
        int warnings = report.warnings().size();
        if (errors > 0 || report.knowledgeBase() == null) {
            main.err.println(Main.NAME + ": " + count(errors, "error") + ", " + count(warnings, "warning"));
            return Main.EXIT_RULES;
        }
        if (warnings > 0) main.err.println(Main.NAME + ": " + count(warnings, "warning"));
        KnowledgeBaseInfo kb = report.knowledgeBase();
        main.out.println("OK: " + kb.ruleCount() + (kb.ruleCount() == 1 ? " rule" : " rules")
                + ", knowledge base " + kb.name() + " " + kb.version() + " sha256 " + kb.sha256());
        return Main.EXIT_OK;
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
