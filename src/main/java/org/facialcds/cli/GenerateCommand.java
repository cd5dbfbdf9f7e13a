package org.facialcds.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.facialcds.scenario.PatientGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code facial-cds generate}: synthetic patients as NDJSON on standard output, the same bytes for the same seed. */
@Command(name = "generate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Write synthetic patients (patient-facts JSON, one per line) to standard output,",
                "covering every presentation, unknowns and policy thresholds; the same seed gives the same output.",
                "For tests and benchmarks: these are not real patients."})
final class GenerateCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = "--count", required = true, paramLabel = "N", description = "How many patients.")
    long count;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        if (count < 0) {
            main.err.println(Main.NAME + ": --count must be 0 or more, was " + count);
            return Main.EXIT_INVALID;
        }
        Writer out = new BufferedWriter(new OutputStreamWriter(main.out, StandardCharsets.UTF_8), 1 << 16);
        new PatientGenerator(seed).write(count, out);
        out.flush();
        return Main.EXIT_OK;
    }
}
