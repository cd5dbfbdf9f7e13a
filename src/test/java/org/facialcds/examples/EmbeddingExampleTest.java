package org.facialcds.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.facialcds.Evaluation;
import org.junit.jupiter.api.Test;

class EmbeddingExampleTest {

    @Test
    void whenRunOnTheBebExample_thenPrintsThePatientAndTheDisclaimer() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Evaluation result;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            result = EmbeddingExample.run(Path.of("examples/patients/v13-beb-normal-mri.json"), out);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);

        assertThat(result.patientId()).isEqualTo("v13-beb-normal-mri");
        assertThat(printed).startsWith("Patient v13-beb-normal-mri as of 2026-11-26")
                .endsWith(Evaluation.DISCLAIMER + System.lineSeparator());
        result.recommendations().forEach(r -> assertThat(printed).contains(r.code() + ": " + r.title()));
    }
}
