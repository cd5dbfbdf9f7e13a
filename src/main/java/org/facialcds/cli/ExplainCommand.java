package org.facialcds.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.facialcds.Configuration;
import org.facialcds.Derivation;
import org.facialcds.Evaluation;
import org.facialcds.FacialCds;
import org.facialcds.FacialCdsException;
import org.facialcds.InvalidInputException;
import org.facialcds.facts.Code;
import org.facialcds.facts.InputProblem;
import org.facialcds.facts.PatientFacts;
import org.facialcds.facts.PolicySettings;
import org.facialcds.scenario.Scenario;
import org.facialcds.scenario.ScenarioException;
import org.facialcds.scenario.ScenarioLoader;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code facial-cds explain}: for one patient (a patient-facts JSON file, or a scenario YAML file),
 * why a code is not in the result ({@code --why-not}), or how it got there ({@code --why}).
 */
@Command(name = "explain", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Explain one patient's result: --why-not CODE names each rule that could produce CODE and the"
                + " first of its conditions the patient's facts do not meet (or the unknown fact, or the veto or hold"
                + " that removed it); --why CODE prints the derivation tree of a code in the result.",
                "FILE: patient-facts JSON ('-' reads standard input) or a scenario YAML file (--case picks a case)."})
final class ExplainCommand implements Callable<Integer> {

    /** Exactly one question. */
    static final class Question {
        @Option(names = "--why-not", paramLabel = "CODE", required = true, description = "Why is CODE not in the result?")
        String whyNot;

        @Option(names = "--why", paramLabel = "CODE", required = true, description = "Why is CODE in the result?")
        String why;
    }

    @ParentCommand
    Main main;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Question question;

    @Option(names = "--rules", paramLabel = "DIR",
            description = "Rules directory to compile now (default: the rules bundled in the jar).")
    Path rules;

    @Option(names = "--as-of", paramLabel = "DATE", converter = IsoDate.class,
            description = "Evaluation date (ISO, e.g. 2026-11-26); replaces the file's asOf.")
    LocalDate asOf;

    @Option(names = "--case", paramLabel = "NAME",
            description = "For a scenario file with several cases: the case's name (or a unique part of it).")
    String caseName;

    @Parameters(arity = "1", paramLabel = "FILE", description = "Patient-facts JSON or scenario YAML.")
    String file;

    @Override
    public Integer call() {
        boolean whyNot = question.whyNot != null;
        String codeText = whyNot ? question.whyNot : question.why;
        Code code = parseCode(codeText);
        if (code == null) return Main.EXIT_INVALID;
        if (!EvaluateCommand.STDIN.equals(file)) {
            String problem = Inputs.problemWith(Path.of(file));
            if (problem != null) {
                main.err.println(Main.NAME + ": cannot read " + file + ": " + problem);
                return Main.EXIT_INVALID;
            }
        }
        Integer rulesProblem = Inputs.checkRulesDirectory(rules, main.err);
        if (rulesProblem != null) return rulesProblem;

        Inputs.Built built = Inputs.build(Configuration.builder().rulesDirectory(rules).poolSize(1).build(), main.err);
        if (!built.ok()) return built.exitCode();
        FacialCds cds = built.cds();
        try (cds) {
            PolicySettings[] policy = {cds.configuration().policy()};
            PatientFacts patient = patient(cds, policy);
            if (patient == null) return Main.EXIT_INVALID;
            if (whyNot) {
                main.out.print(cds.whyNot(patient, policy[0], code).text());
            } else {
                main.out.print(why(cds.why(patient, policy[0], code), code, patient.patient().id()));
            }
            main.out.flush();
            return Main.EXIT_OK;
        } catch (InvalidInputException e) {
            main.err.println(Main.NAME + ": " + file + ": " + e.code() + " invalid patient input; nothing was evaluated");
            for (InputProblem p : e.problems()) main.err.println(Main.NAME + ": " + file + ": " + p);
            return Main.EXIT_INVALID;
        } catch (FacialCdsException e) {
            main.err.println(Main.NAME + ": " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
            return Inputs.exitCodeOf(e);
        }
    }

    private String why(List<Derivation> trees, Code code, String patientId) {
        StringBuilder s = new StringBuilder("Why ").append(code).append('?');
        if (patientId != null) s.append("  (patient ").append(patientId).append(')');
        s.append('\n');
        if (trees.isEmpty()) {
            s.append(code).append(" is not in the result; ask why not: ").append(Main.NAME).append(" explain --why-not ")
                    .append(code).append(' ').append(file).append('\n');
        } else {
            s.append(Derivation.text(trees));
        }
        return s.append('\n').append(Evaluation.DISCLAIMER).append('\n').toString();
    }

    /** The patient (and, for a scenario, its policy); {@code null} after saying what is wrong. */
    private PatientFacts patient(FacialCds cds, PolicySettings[] policy) {
        String lower = file.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            Scenario scenario = scenario();
            if (scenario == null) return null;
            try {
                policy[0] = policy[0].withOverrides(scenario.policy());
            } catch (IllegalArgumentException e) {
                main.err.println(Main.NAME + ": " + scenario.file() + ": " + e.getMessage());
                return null;
            }
            return cds.read(scenario.patient(), asOf);
        }
        try {
            byte[] bytes = EvaluateCommand.STDIN.equals(file) ? main.in.readAllBytes() : Files.readAllBytes(Path.of(file));
            return cds.read(Inputs.decode(bytes), asOf);
        } catch (IOException e) {
            main.err.println(Main.NAME + ": cannot read " + file + ": " + Inputs.reason(e));
            return null;
        }
    }

    private Scenario scenario() {
        List<Scenario> all;
        try {
            all = ScenarioLoader.loadFile(Path.of(file));
        } catch (ScenarioException e) {
            main.err.println(Main.NAME + ": " + e.getMessage());
            return null;
        }
        if (all.size() == 1 && caseName == null) return all.get(0);
        if (caseName == null) {
            main.err.println(Main.NAME + ": " + file + " has " + all.size() + " cases; choose one with --case NAME:");
            all.forEach(s -> main.err.println("  " + s.name()));
            return null;
        }
        List<Scenario> exact = all.stream().filter(s -> s.name().equals(caseName)).toList();
        if (exact.size() == 1) return exact.get(0);
        String want = caseName.toLowerCase(Locale.ROOT);
        List<Scenario> partial = all.stream().filter(s -> s.name().toLowerCase(Locale.ROOT).contains(want)).toList();
        if (partial.size() == 1) return partial.get(0);
        main.err.println(Main.NAME + ": " + file + ": " + (partial.isEmpty() ? "no case" : partial.size() + " cases")
                + " named like '" + caseName + "'; the cases are:");
        all.forEach(s -> main.err.println("  " + s.name()));
        return null;
    }

    private Code parseCode(String text) {
        String name = text.strip().toUpperCase(Locale.ROOT);
        try {
            return Code.valueOf(name);
        } catch (IllegalArgumentException e) {
            List<String> near = Arrays.stream(Code.values()).map(Enum::name)
                    .filter(n -> n.contains(name) || name.contains(n) || n.startsWith(name.split("_")[0] + "_"))
                    .limit(8).toList();
            main.err.println(Main.NAME + ": unknown code '" + text + "'" + (near.isEmpty() ? ""
                    : "; did you mean " + String.join(", ", near) + "?") + " (the catalogue: " + Main.NAME + " catalogue)");
            return null;
        }
    }
}
