package org.facialcds.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KnowledgeBaseTest {

    private static final String HEADER = "package x;\nimport org.facialcds.facts.*;\n";

    private static RuleFiles files(RuleFile... files) {
        Properties p = new Properties();
        p.setProperty("name", "test");
        p.setProperty("version", "9");
        return RuleFiles.of(List.of(files), p);
    }

    private static List<String> problems(RuleFiles files) {
        try {
            KnowledgeBase.compile(files);
        } catch (KnowledgeBaseException e) {
            return e.problems();
        }
        throw new AssertionError("expected the rules to be refused");
    }

    @Test
    void whenBundledRulesCompile_thenEveryRuleHasAUniqueIdAndEvidence() {
        KnowledgeBase kb = KnowledgeBase.compile(RuleFiles.fromDirectory(Path.of("rules")));
        assertThat(kb.rules()).hasSizeGreaterThan(100);
        Set<String> ids = new HashSet<>();
        for (RuleInfo r : kb.rules()) {
            assertThat(r.id()).as(r.name()).isNotBlank();
            assertThat(r.evidence()).as(r.id()).isNotBlank();
            assertThat(ids.add(r.id())).as("duplicate " + r.id()).isTrue();
            assertThat(r.file()).startsWith("rules/").endsWith(".drl");
        }
        assertThat(kb.name()).isEqualTo("facial-twitching");
        assertThat(kb.sha256()).hasSize(64);
    }

    @Test
    void whenRulesUseAPolicyParameter_thenTheyDeclareIt() {
        KnowledgeBase kb = KnowledgeBase.compile(RuleFiles.fromDirectory(Path.of("rules")));
        for (RuleInfo r : kb.rules()) {
            boolean readsPolicy = r.properties().keySet().stream().anyMatch(t -> t.getSimpleName().equals("PolicySettings"));
            if (readsPolicy) assertThat(r.policy()).as(r.id() + " reads a policy parameter").isNotBlank();
        }
    }

    @Test
    void whenARuleFileHasASyntaxError_thenTheProblemNamesFileAndLine() {
        List<String> problems = problems(files(new RuleFile("rules/x/broken.drl",
                HEADER + "rule \"r\" @id(\"X-1\") @evidence(\"e\")\nwhen\n    Exam(\nthen\nend\n")));
        assertThat(problems).isNotEmpty().allMatch(p -> p.startsWith("rules/x/broken.drl:"));
        assertThat(problems).noneMatch(p -> p.contains("Parser returned a null Package"));
    }

    @Test
    void whenTwoFilesAreBroken_thenBothAreReportedAtOnce() {
        List<String> problems = problems(files(
                new RuleFile("rules/x/a.drl", HEADER + "rule \"a\" @id(\"A\") @evidence(\"e\")\nwhen\n    NoSuchFact()\nthen\nend\n"),
                new RuleFile("rules/x/b.drl", HEADER + "rule \"b\" @id(\"B\") @evidence(\"e\")\nwhen\n    Exam(noSuchField == true)\nthen\nend\n")));
        assertThat(problems).anyMatch(p -> p.startsWith("rules/x/a.drl:"));
        assertThat(problems).anyMatch(p -> p.startsWith("rules/x/b.drl:"));
    }

    @Test
    void whenARuleHasNoId_thenItIsRefused() {
        List<String> problems = problems(files(new RuleFile("rules/x/a.drl",
                HEADER + "rule \"nameless\" @evidence(\"e\")\nwhen\n    Exam()\nthen\nend\n")));
        assertThat(problems).singleElement().asString().contains("rules/x/a.drl").contains("missing @id");
    }

    @Test
    void whenARuleHasNoEvidence_thenItIsRefused() {
        List<String> problems = problems(files(new RuleFile("rules/x/a.drl",
                HEADER + "rule \"unsourced\" @id(\"X-1\")\nwhen\n    Exam()\nthen\nend\n")));
        assertThat(problems).singleElement().asString().contains("missing @evidence");
    }

    @Test
    void whenTwoRulesShareAnId_thenTheSecondIsRefusedNamingTheFirstFile() {
        List<String> problems = problems(files(
                new RuleFile("rules/x/a.drl", HEADER + "rule \"one\" @id(\"X-1\") @evidence(\"e\")\nwhen\n    Exam()\nthen\nend\n"),
                new RuleFile("rules/x/b.drl", HEADER + "rule \"two\" @id(\"X-1\") @evidence(\"e\")\nwhen\n    Exam()\nthen\nend\n")));
        assertThat(problems).singleElement().asString().contains("@id(\"X-1\") is already used in rules/x/");
    }

    @Test
    void whenTheRulesDirectoryIsMissing_thenTheErrorSaysSo() {
        assertThatThrownBy(() -> RuleFiles.fromDirectory(Path.of("no/such/dir")))
                .isInstanceOf(KnowledgeBaseException.class)
                .hasMessageContaining("FCDS-0202").hasMessageContaining("rules directory not found");
    }

    @Test
    void whenTheDirectoryHasNoRules_thenTheErrorSaysSo() {
        assertThat(problems(files())).containsExactly("no .drl files found");
    }
}
