package org.facialcds.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.facialcds.FacialCds;
import org.facialcds.FacialCdsException;
import org.facialcds.InvalidInputException;
import org.facialcds.facts.InputProblem;
import org.facialcds.fhir.PatientInput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code facial-cds facts}: the patient-facts JSON the library derives from an input, so an integrator can check a mapping. */
@Command(name = "facts", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Print, as patient-facts JSON, the facts derived from FHIR R4 input (a resource, a bundle",
                "or a CDS Hooks prefetch map) or from patient-facts JSON; warnings go to standard error."})
final class FactsCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @ParentCommand
    Main main;

    @Option(names = "--as-of", paramLabel = "DATE", converter = IsoDate.class,
            description = "Evaluation date (ISO); ages and durations are computed against it.")
    LocalDate asOf;

    @Parameters(paramLabel = "FILE", description = "A FHIR R4 or patient-facts JSON file; '-' reads standard input.")
    String file;

    @Override
    public Integer call() throws IOException {
        String text;
        try {
            text = Inputs.decode(EvaluateCommand.STDIN.equals(file) ? main.in.readAllBytes() : Files.readAllBytes(Path.of(file)));
        } catch (IOException e) {
            main.err.println(Main.NAME + ": cannot read " + file + ": " + Inputs.reason(e));
            return Main.EXIT_INVALID;
        }
        try (FacialCds cds = FacialCds.withBundledRules()) {
            PatientInput.Read read = PatientInput.read(cds, text, asOf);
            JsonNode facts = read.mapping() != null ? read.mapping().patientFacts() : JSON.readTree(text);
            main.out.println(JSON.writeValueAsString(facts));
            read.facts().warnings().forEach(w -> main.err.println(Main.NAME + ": warning: " + w));
            return Main.EXIT_OK;
        } catch (InvalidInputException e) {
            for (InputProblem p : e.problems()) main.err.println(Main.NAME + ": " + file + ": " + p);
            return Main.EXIT_INVALID;
        } catch (FacialCdsException e) {
            main.err.println(Main.NAME + ": " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
            return Inputs.exitCodeOf(e);
        }
    }
}
