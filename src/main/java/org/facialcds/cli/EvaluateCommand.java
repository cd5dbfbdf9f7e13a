package org.facialcds.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import org.facialcds.Configuration;
import org.facialcds.Evaluation;
import org.facialcds.EvaluationJson;
import org.facialcds.FacialCds;
import org.facialcds.FacialCdsException;
import org.facialcds.InvalidInputException;
import org.facialcds.facts.InputProblem;
import org.facialcds.facts.PatientFacts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code facial-cds evaluate}: one result per patient file, as text for clinicians or as NDJSON. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Evaluate patient-facts JSON (patient-facts.md) or FHIR R4 files (a resource, a bundle or a CDS Hooks",
                "prefetch map; detected from the content) and print the recommendations.",
                "Decision support only: suggestions for a clinician, never orders."})
final class EvaluateCommand implements Callable<Integer> {

    /** Output formats. */
    enum Format { TEXT, JSON }

    static final String STDIN = "-";

    @ParentCommand
    Main main;

    @Option(names = "--rules", paramLabel = "DIR",
            description = "Rules directory to compile now (default: the rules bundled in the jar).")
    Path rules;

    @Option(names = "--as-of", paramLabel = "DATE", converter = IsoDate.class,
            description = "Evaluation date (ISO, e.g. 2026-11-26); replaces each file's asOf.")
    LocalDate asOf;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", converter = FormatConverter.class,
            description = "text (default): a report for clinicians; json: one JSON object per line, in input order.")
    Format format;

    @Parameters(arity = "1..*", paramLabel = "FILE",
            description = "Patient-facts JSON files; '-' reads standard input.")
    List<String> files;

    /** The exit code so far: the worst problem met. */
    private int status;

    @Override
    public Integer call() {
        PrintStream out = main.out;
        PrintStream err = main.err;
        status = Main.EXIT_OK;

        // Fail fast on files that are not there, before compiling the rules.
        boolean anyReadable = false;
        for (String file : files) {
            String problem = STDIN.equals(file) ? null : Inputs.problemWith(Path.of(file));
            if (problem != null) {
                err.println(Main.NAME + ": cannot read " + file + ": " + problem);
                status = Main.EXIT_INVALID;
            } else {
                anyReadable = true;
            }
        }
        if (!anyReadable) {
            return status;
        }

        Integer rulesProblem = Inputs.checkRulesDirectory(rules, err);
        if (rulesProblem != null) {
            return rulesProblem;
        }
        Inputs.Built built = Inputs.build(Configuration.builder().rulesDirectory(rules).poolSize(1).build(), err);
        if (!built.ok()) {
            return built.exitCode();
        }
        FacialCds cds = built.cds();

        boolean first = true;
        try (cds) {
            for (String file : files) {
                if (!STDIN.equals(file) && Inputs.problemWith(Path.of(file)) != null) {
                    continue; // reported above
                }
                String text = readText(file);
                Evaluation evaluation = text == null ? null : evaluate(cds, displayName(file), text);
                if (evaluation == null) {
                    continue; // the problem is on standard error; the other files still run
                }
                if (format == Format.JSON) {
                    out.println(EvaluationJson.toJson(evaluation));
                } else {
                    out.print(first ? "" : "\n");
                    out.print(TextReport.render(evaluation));
                }
                out.flush();
                first = false;
            }
        }
        return status;
    }

    /** The file's text, or {@code null} after reporting why it cannot be read. */
    private String readText(String file) {
        try {
            byte[] bytes = STDIN.equals(file) ? main.in.readAllBytes() : Files.readAllBytes(Path.of(file));
            return Inputs.decode(bytes);
        } catch (IOException e) {
            main.err.println(Main.NAME + ": cannot read " + displayName(file) + ": " + Inputs.reason(e));
            status = Math.max(status, Main.EXIT_INVALID);
            return null;
        }
    }

    /** The result, or {@code null} after reporting every problem, one per line. */
    private Evaluation evaluate(FacialCds cds, String name, String text) {
        PrintStream err = main.err;
        try {
            PatientFacts facts = PatientReader.read(cds, text, asOf);
            return cds.evaluate(facts);
        } catch (InvalidInputException e) {
            int n = e.problems().size();
            err.println(Main.NAME + ": " + name + ": " + e.code() + " invalid patient input (" + n
                    + (n == 1 ? " problem" : " problems") + "); nothing was evaluated");
            for (InputProblem p : e.problems()) {
                err.println(Main.NAME + ": " + name + ": " + p);
            }
            status = Math.max(status, Main.EXIT_INVALID);
        } catch (FacialCdsException e) {
            err.println(Main.NAME + ": " + name + ": " + firstLine(e.getMessage()));
            status = Math.max(status, Inputs.exitCodeOf(e));
        } catch (RuntimeException e) {
            err.println(Main.NAME + ": " + name + ": internal error: " + Main.describe(e));
            status = Math.max(status, Main.EXIT_INTERNAL);
        }
        return null;
    }

    private static String displayName(String file) {
        return STDIN.equals(file) ? "<stdin>" : file;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse(message);
    }
}
