package org.facialcds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.facialcds.cli.CliHarness.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogueCommandTest {

    @TempDir
    Path tmp;

    @Test
    void whenMarkdown_thenEveryRuleWithItsMetadataOutputsAndScenarios() {
        Path rules = CliHarness.demoRules(tmp.resolve("rules"));

        Run run = CliHarness.run("catalogue", "--rules", rules.toString());

        assertThat(run.code()).as(run.all()).isZero();
        assertThat(run.out()).startsWith("# Rule catalogue: demo 1.0.0\n")
                .contains("2 rules in 1 file; 1 scenario; 2 of 2 rules fired by at least one scenario.")
                .contains("### DEMO-01 · Eyelid flicker suggests eyelid myokymia")
                .contains("- **File:** `rules/demo/demo.drl:7`")
                .contains("- **Evidence:** [S18] eyelid myokymia review")
                .contains("- **Level:** —")
                .contains("- **Produces:** `DX_EYELID_MYOKYMIA`")
                .contains("- **Scenarios (1):** Flicker is eyelid myokymia")
                .contains("| `TX_REASSURANCE` | TREATMENT | Reassurance with return precautions | [DEMO-02](#DEMO-02) |")
                .contains("| `BLEPHAROSPASM_CRITERIA` |");
    }

    @Test
    void whenHtml_thenOneSelfContainedPage() throws Exception {
        Path rules = CliHarness.demoRules(tmp.resolve("rules"));
        Path out = tmp.resolve("site/catalogue.html");

        Run run = CliHarness.run("catalogue", "--rules", rules.toString(), "--format", "html", "--output", out.toString());

        assertThat(run.code()).as(run.all()).isZero();
        String html = Files.readString(out);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").contains("id=\"DEMO-02\"")
                .contains("<a href=\"#DEMO-01\">DEMO-01</a>").endsWith("</html>\n");
        assertThat(html).doesNotContainPattern("(?i)(src|href)=\"(https?:)?//").doesNotContain("<link").doesNotContain("<script");
    }

    @Test
    void whenTheBundledRulesAreCatalogued_thenTheCommittedDocumentListsEveryRule() throws Exception {
        Run run = CliHarness.run("catalogue", "--rules", "rules");

        assertThat(run.code()).as(run.all()).isZero();
        String committed = Files.readString(Path.of("docs/rule-catalogue.md"));
        for (String line : run.outLines()) {
            if (line.startsWith("### ")) {
                String id = line.substring(4, line.indexOf(' ', 4));
                assertThat(committed).as("docs/rule-catalogue.md is stale: regenerate it with"
                        + " facial-cds catalogue --output docs/rule-catalogue.md").contains("### " + id + " ");
            }
        }
    }

    @Test
    void whenTheFormatIsUnknown_thenExitTwo() {
        Run run = CliHarness.run("catalogue", "--rules", "rules", "--format", "pdf");

        assertThat(run.code()).isEqualTo(Main.EXIT_INVALID);
        assertThat(run.err()).contains("'pdf' is not a format; expected markdown or html");
    }
}
