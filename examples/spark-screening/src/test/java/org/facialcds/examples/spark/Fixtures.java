package org.facialcds.examples.spark;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared fixtures: {@code -Dfacialcds.fixtures=DIR}, else a {@code shared/fixtures} above the working directory. */
final class Fixtures {

    private Fixtures() {
    }

    /** The FHIR bulk export of 13 Synthea patients ({@code shared/fixtures/fhir/sample-bulk-10-patients}, read-only). */
    static Path sampleBulkExport() {
        return fixtures().resolve("fhir/sample-bulk-10-patients");
    }

    static Path fixtures() {
        String given = System.getProperty("facialcds.fixtures");
        if (given != null && !given.isBlank()) return Path.of(given).toAbsolutePath();
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/fixtures");
            if (Files.isDirectory(candidate.resolve("fhir/sample-bulk-10-patients"))) return candidate;
        }
        throw new IllegalStateException("no shared/fixtures/fhir/sample-bulk-10-patients in " + start
                + " or any directory above it; expected the workspace's shared/ beside the repository,"
                + " or -Dfacialcds.fixtures=DIR");
    }
}
