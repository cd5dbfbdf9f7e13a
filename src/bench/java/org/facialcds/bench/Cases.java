package org.facialcds.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The benchmark patients: a simple, a typical and a complex case, as patient-facts JSON. */
final class Cases {

    /** The rule base the benchmarks run: the shipped rules/ directory (run from the project directory). */
    static final Path RULES = Path.of("rules");

    private Cases() {
    }

    /** {@code simple}: eyelid myokymia (V01); {@code typical}: blepharospasm with a normal MRI (V13); {@code complex}: HFS with many conditions, medications and vetoes. */
    static String json(String name) {
        Path file = switch (name) {
            case "simple" -> Path.of("examples/patients/v01-eyelid-myokymia-caffeine.json");
            case "typical" -> Path.of("examples/patients/v13-beb-normal-mri.json");
            case "complex" -> Path.of("src/bench/cases/complex-hfs-many-vetoes.json");
            default -> throw new IllegalArgumentException("no benchmark case " + name);
        };
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("run the benchmarks from the project directory", e);
        }
    }
}
