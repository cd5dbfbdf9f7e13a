package org.facialcds.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.facialcds.Because;
import org.facialcds.Evaluation;
import org.facialcds.FacialCds;
import org.facialcds.Recommendation;

/**
 * Embedding facial-cds in a Java application: build one {@link FacialCds} (it is thread-safe, share
 * it), evaluate a patient-facts JSON file, print each recommendation with its reasoning.
 * Run from the project root: it reads {@code examples/patients/v13-beb-normal-mri.json} unless given a file.
 */
public final class EmbeddingExample {

    private EmbeddingExample() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "examples/patients/v13-beb-normal-mri.json");
        run(file, System.out);
    }

    /** Evaluates one file and prints the result to {@code out}. */
    public static Evaluation run(Path file, PrintStream out) throws IOException {
        try (FacialCds cds = FacialCds.withBundledRules()) {
            Evaluation result = cds.evaluate(Files.readString(file));
            out.println("Patient " + result.patientId() + " as of " + result.asOf() + ", knowledge base "
                    + result.knowledgeBase().name() + " " + result.knowledgeBase().version());
            for (Recommendation r : result.recommendations()) {
                out.println(r.kind() + " " + r.code() + ": " + r.title()
                        + (r.urgency() != null ? " [" + r.urgency() + "]" : "")
                        + (r.reason() != null ? " [" + r.reason() + "]" : "")
                        + (r.field() != null ? " [" + r.field() + "]" : ""));
                for (Because b : r.because()) {
                    out.println("    because " + b.rule() + " (" + b.file() + ")"
                            + (b.facts().isEmpty() ? "" : " matched " + b.facts())
                            + (b.from().isEmpty() ? "" : " from " + b.from()));
                }
            }
            result.warnings().forEach(w -> out.println("warning: " + w));
            out.println(Evaluation.DISCLAIMER);
            return result;
        }
    }
}
