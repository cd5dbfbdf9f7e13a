package org.facialcds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code facial-cds serve} refuses unsafe or impossible set-ups; {@code feedback-report} reads the store. */
class ServeCommandTest {

    @TempDir
    Path dir;

    @Test
    void whenNoTrustedIssuerIsConfiguredAndAuthIsNotWaived_thenServeRefusesToStart() {
        CliHarness.Run run = CliHarness.run("serve", "--port", "0");
        assertThat(run.code()).as(run.all()).isEqualTo(Main.EXIT_INVALID);
        assertThat(run.err()).contains("trustedIssuers").contains("--insecure-no-auth");
    }

    @Test
    void whenReloadIsAskedWithoutARulesDirectory_thenServeRefusesToStart() {
        CliHarness.Run run = CliHarness.run("serve", "--port", "0", "--insecure-no-auth", "--reload");
        assertThat(run.code()).as(run.all()).isEqualTo(Main.EXIT_INVALID);
        assertThat(run.err()).contains("--reload needs --rules DIR");
    }

    @Test
    void whenTheConfigFileHasAnUnknownKey_thenServeSaysWhichOne() throws Exception {
        Path config = dir.resolve("serve.yaml");
        Files.writeString(config, "baseUrl: https://cds.example.org\ntrustedIssuer: oops\n");
        CliHarness.Run run = CliHarness.run("serve", "--config", config.toString());
        assertThat(run.code()).as(run.all()).isEqualTo(Main.EXIT_INVALID);
        assertThat(run.err()).contains("FCDS-0310").contains("unknown key \"trustedIssuer\"");
    }

    @Test
    void whenTheFeedbackStoreIsEmpty_thenTheReportSaysSo() throws Exception {
        Path config = dir.resolve("serve.yaml");
        Files.writeString(config, "database:\n  url: \"jdbc:h2:file:" + dir.resolve("fb").toAbsolutePath() + "\"\n");
        CliHarness.Run text = CliHarness.run("feedback-report", "--config", config.toString());
        assertThat(text.code()).as(text.all()).isEqualTo(Main.EXIT_OK);
        assertThat(text.out()).contains("rule").contains("overridden").contains("0 feedback items stored");
        CliHarness.Run json = CliHarness.run("feedback-report", "--config", config.toString(), "--format", "json");
        assertThat(json.code()).as(json.all()).isEqualTo(Main.EXIT_OK);
        assertThat(json.out()).contains("\"feedbackItems\" : 0");
    }
}
