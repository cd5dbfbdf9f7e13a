package org.facialcds.cli;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.facialcds.FacialCds;
import org.facialcds.FacialCdsException;
import org.facialcds.KnowledgeBaseInfo;
import org.facialcds.RuleCompilationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code facial-cds validate}: compiles the rules and reports every problem as {@code file:line: message}. */
@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Compile the rules and report every problem as file:line: message.")
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
        try {
            KnowledgeBaseInfo kb = FacialCds.validateRules(rules);
            main.out.println("OK: " + kb.ruleCount() + (kb.ruleCount() == 1 ? " rule" : " rules")
                    + ", knowledge base " + kb.name() + " " + kb.version() + " sha256 " + kb.sha256());
            return Main.EXIT_OK;
        } catch (RuleCompilationException e) {
            Inputs.printRuleProblems(e, main.err);
            return Main.EXIT_RULES;
        } catch (FacialCdsException e) {
            main.err.println(Main.NAME + ": " + e.getMessage().lines().findFirst().orElse(""));
            return Inputs.exitCodeOf(e);
        } catch (UncheckedIOException e) {
            main.err.println(Main.NAME + ": cannot read rules: " + Inputs.reason(e.getCause()));
            return Main.EXIT_INVALID;
        }
    }
}
