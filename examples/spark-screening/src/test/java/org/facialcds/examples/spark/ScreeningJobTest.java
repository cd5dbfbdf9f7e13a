package org.facialcds.examples.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The job's command line, without Spark. */
class ScreeningJobTest {

    @Test
    void whenAllOptionsAreGiven_thenTheyAreRead() {
        ScreeningJob.Parsed p = ScreeningJob.parse("--input", "in", "--output", "out", "--format", "fhir",
                "--as-of", "2026-11-26", "--partitions", "8", "--medication-list-complete", "--master", "local[2]");

        assertThat(p.master()).isEqualTo("local[2]");
        assertThat(p.options()).isEqualTo(new Screening.Options("in", "out", Screening.Format.FHIR,
                LocalDate.of(2026, 11, 26), 8, true));
    }

    @Test
    void whenOnlyInputAndOutputAreGiven_thenTheRestIsDefault() {
        ScreeningJob.Parsed p = ScreeningJob.parse("--input", "in", "--output", "out");

        assertThat(p.master()).isNull();
        assertThat(p.options()).isEqualTo(Screening.Options.of("in", "out"));
    }

    @Test
    void whenAnOptionIsWrong_thenTheMessageSaysWhatIsExpected() {
        assertThatThrownBy(() -> ScreeningJob.parse("--input", "in")).hasMessage("--input and --output are required");
        assertThatThrownBy(() -> ScreeningJob.parse("--input", "in", "--output", "o", "--as-of", "26/11/2026"))
                .hasMessage("--as-of must be an ISO date such as 2026-11-26, was 26/11/2026");
        assertThatThrownBy(() -> ScreeningJob.parse("--input", "in", "--output", "o", "--format", "csv"))
                .hasMessage("--format must be auto, facts or fhir, was csv");
        assertThatThrownBy(() -> ScreeningJob.parse("--input", "--output", "o")).hasMessage("--input needs a value");
        assertThatThrownBy(() -> ScreeningJob.parse("--threads", "2")).hasMessage("unknown option --threads");
    }

    @Test
    void whenUsageIsBad_thenExitCode2AndTheUsageOnStandardError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ScreeningJob.run(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
                "--output", "o");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("spark-screening: --input and --output are required")
                .contains("usage: spark-screening").contains("Decision support only");
    }

    @Test
    void whenAReferenceNamesAPatient_thenItsIdIsTheKey() {
        assertThat(FhirBulk.patientId("Patient/123")).isEqualTo("123");
        assertThat(FhirBulk.patientId("https://fhir.example.org/r4/Patient/123/_history/2")).isEqualTo("123");
        assertThat(FhirBulk.patientId("urn:uuid:6f1c")).isEqualTo("urn:uuid:6f1c");
        assertThat(FhirBulk.patientId("Group/7")).isNull();
        assertThat(FhirBulk.patientId("Patient?identifier=x|1")).isNull();
        assertThat(FhirBulk.patientId("")).isNull();
    }
}
