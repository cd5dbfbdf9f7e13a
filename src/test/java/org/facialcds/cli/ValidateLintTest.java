package org.facialcds.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facialcds.cli.CliHarness.lineOf;
import static org.facialcds.cli.CliHarness.replace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.facialcds.cli.CliHarness.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code validate} as a linter: each check fires on a deliberately broken copy of the rules, at the
 * file and line of the problem. The copy gets a rule file of its own ({@code lintcheck/target.drl})
 * that is broken in one way per case, so the cases do not depend on the clinical rules' text.
 */
class ValidateLintTest {

    static final String TARGET = """
            // A clean rule that each case breaks in one way.
            package lintcheck;

            import org.facialcds.facts.*;
            import function org.facialcds.facts.Conclusions.conclude;

            rule "Painful early spasm is atypical hemifacial spasm"
                @id("LINT-01") @evidence("[S12] test evidence") @policy("hfsAtypicalOnsetAge")
            when
                Conclusion(code == Code.HFS_FEATURES)
                PolicySettings($age : hfsAtypicalOnsetAge)
                Twitching(painful == true, ageAtOnset != null, ageAtOnset < $age)
            then
                insertLogical(conclude(kcontext, Code.HFS_ATYPICAL));
            end
            """;

    @TempDir
    Path tmp;

    private Path rules;
    private Path target;

    private void copy() throws Exception {
        rules = CliHarness.copyOfRules(tmp.resolve("rules"));
        target = rules.resolve("lintcheck/target.drl");
        Files.createDirectories(target.getParent());
        Files.writeString(target, TARGET);
    }

    @Test
    void whenTheCopyIsClean_thenOkAndNoFindingForTheTargetFile() throws Exception {
        copy();

        Run run = CliHarness.run("validate", "--rules", rules.toString());

        assertThat(run.code()).as(run.all()).isZero();
        assertThat(run.out()).startsWith("OK: ");
        assertThat(run.err()).doesNotContain("lintcheck/target.drl");
    }

    /** One broken copy: how to break it, the expected exit code, the check and the text that marks the line. */
    static Stream<Arguments> checks() {
        return Stream.of(
                check("compile", 3, "Twitching(painful", t -> replace(t, "painful == true,", "painful == ,"),
                        "rules/lintcheck/target.drl:%d: "),
                check("id", 3, "rule \"Painful", t -> replace(t, "@id(\"LINT-01\") ", ""),
                        "rules/lintcheck/target.drl:%d: error: rule \"Painful early spasm is atypical hemifacial spasm\" has no @id"),
                check("duplicate-id", 3, "@id(\"LINT-01\") @evidence(\"second\")", t -> append(t, """

                        rule "A second rule with the same id"
                            @id("LINT-01") @evidence("second")
                        when
                            Twitching(painful == true)
                        then
                            insertLogical(conclude(kcontext, Code.HFS_ATYPICAL));
                        end
                        """), "rules/lintcheck/target.drl:%d: error: @id(\"LINT-01\") is already used at rules/lintcheck/target.drl:8"),
                check("evidence", 3, "rule \"Painful", t -> replace(t, "@evidence(\"[S12] test evidence\") ", ""),
                        "rules/lintcheck/target.drl:%d: error: LINT-01 has no @evidence"),
                check("name", 0, "rule \"Painful", t -> replace(t, "Painful early spasm is atypical hemifacial spasm", "Painful HFS"),
                        "rules/lintcheck/target.drl:%d: warning: rule \"Painful HFS\": the name should be a short sentence"),
                check("code", 3, "Code.HFS_ATYPICALL", t -> replace(t, "Code.HFS_ATYPICAL)", "Code.HFS_ATYPICALL)"),
                        "rules/lintcheck/target.drl:%d: error: LINT-01: Code.HFS_ATYPICALL is not in the catalogue"
                                + " (org.facialcds.facts.Code); did you mean Code.HFS_ATYPICAL?"),
                check("policy", 0, "PolicySettings(", t -> replace(t, " @policy(\"hfsAtypicalOnsetAge\")", ""),
                        "rules/lintcheck/target.drl:%d: warning: LINT-01 reads the policy parameter hfsAtypicalOnsetAge"
                                + " but does not declare it"),
                check("eval", 3, "eval(", t -> replace(t, "    Twitching(painful", "    eval(1 > 0)\n    Twitching(painful"),
                        "rules/lintcheck/target.drl:%d: error: LINT-01: eval(…) in a condition"),
                check("print", 3, "System.out", t -> replace(t, "then\n", "then\n    System.out.println(\"fired\");\n"),
                        "rules/lintcheck/target.drl:%d: error: LINT-01: System.out in a rule"),
                check("print", 3, "printStackTrace", t -> replace(t, "then\n", "then\n    new Exception().printStackTrace();\n"),
                        "rules/lintcheck/target.drl:%d: error: LINT-01: printStackTrace in a rule"),
                check("salience", 3, "salience", t -> replace(t, "when\n", "    salience 10\nwhen\n"),
                        "rules/lintcheck/target.drl:%d: error: LINT-01: salience; conclusions must not depend on firing order"),
                check("package", 3, "package lintcheck", t -> replace(t, "package lintcheck;", "package lintcheck.other;"),
                        "rules/lintcheck/target.drl:%d: error: package lintcheck.other does not match the folder lintcheck/"));
    }

    private static Arguments check(String check, int exit, String marker, Consumer<Path> breakIt, String expected) {
        return Arguments.of(check, exit, marker, breakIt, expected);
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, Files.readString(file) + text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void whenACheckIsBroken_thenItIsReportedAtFileAndLine(String check, int exit, String marker, Consumer<Path> breakIt,
                                                          String expected) throws Exception {
        copy();
        breakIt.accept(target);
        String line = String.format(expected, lineOf(target, marker));

        Run run = CliHarness.run("validate", "--rules", rules.toString());

        assertThat(run.code()).as(run.all()).isEqualTo(exit);
        if (check.equals("compile")) {
            assertThat(run.err()).contains("facial-cds: FCDS-0201 the rules do not compile");
            assertThat(run.errLines()).as(run.all()).anyMatch(l -> l.matches("rules/lintcheck/target\\.drl:\\d+: .+"));
        } else {
            assertThat(run.errLines()).as(run.all()).anyMatch(l -> l.startsWith(line) && l.endsWith("[" + check + "]"));
        }
        if (exit == 0) {
            assertThat(run.out()).startsWith("OK: ");
        } else {
            assertThat(run.out()).isEmpty();
            assertThat(run.errLines().get(run.errLines().size() - 1)).matches("facial-cds: \\d+ errors?, \\d+ warnings?");
        }
    }
}
