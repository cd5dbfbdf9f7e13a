package org.facialcds.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facialcds.cli.CliHarness.replace;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code test --watch}, one change at a time: no sleeping loop. */
class WatcherTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path rules;
    private TestSession session;
    private Watcher watcher;

    @BeforeEach
    void start() throws Exception {
        rules = CliHarness.demoRules(tmp.resolve("rules"));
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        session = new TestSession(rules, List.of(rules.resolve("scenarios")),
                new TestSession.Options(null, false, null, false, true), o, e);
        assertThat(session.compile()).isZero();
        assertThat(session.runAll()).isZero();
        watcher = new Watcher(session, o);
        out.reset();
    }

    @AfterEach
    void stop() throws Exception {
        watcher.close();
        session.close();
    }

    private String out() {
        String s = out.toString(StandardCharsets.UTF_8);
        out.reset();
        return s;
    }

    @Test
    void whenAScenarioFileChanges_thenOnlyItsScenariosRunAgain() throws Exception {
        Path extra = rules.resolve("scenarios/extra.yaml");
        Files.writeString(extra, CliHarness.DEMO_SCENARIO.replace("Flicker is", "Extra")
                .replace("present: [DX_EYELID_MYOKYMIA, TX_REASSURANCE]", "present: [DX_HFS_SUSPECTED]"));

        int code = watcher.onChange(Set.of(extra));

        String text = out();
        assertThat(code).isEqualTo(Main.EXIT_FAILED);
        assertThat(text).contains("extra.yaml changed").contains("FAIL Extra eyelid myokymia")
                .contains("- missing:    DX_HFS_SUSPECTED").doesNotContain("Compiled");
        assertThat(text.lines()).contains("0 passed, 1 failed");
    }

    @Test
    void whenARuleEditDoesNotCompile_thenTheErrorsPrintAndTheNextFixRunsEverything() throws Exception {
        Path drl = rules.resolve("demo/demo.drl");
        replace(drl, "Twitching(progressive != true)", "Twitching(progressive != )");

        int broken = watcher.onChange(Set.of(drl));
        String brokenOut = out();
        String brokenErr = err.toString(StandardCharsets.UTF_8);
        replace(drl, "Twitching(progressive != )", "Twitching(progressive != true)");
        int fixed = watcher.onChange(Set.of(drl));
        String fixedOut = out();

        assertThat(broken).isEqualTo(Main.EXIT_RULES);
        assertThat(brokenOut).contains("demo.drl changed").contains("The rules do not compile; still watching.");
        assertThat(brokenErr.lines()).anyMatch(l -> l.matches("rules/demo/demo\\.drl:\\d+: .+"));
        assertThat(fixed).isZero();
        assertThat(fixedOut).contains("Compiled 2 rules");
        assertThat(fixedOut.lines()).contains("1 passed, 0 failed");
    }

    @Test
    void whenAScenarioChangesWhileTheRulesAreBroken_thenItSaysToFixTheRulesFirst() throws Exception {
        Path drl = rules.resolve("demo/demo.drl");
        replace(drl, "Twitching(progressive != true)", "Twitching(progressive != )");
        watcher.onChange(Set.of(drl));

        int code = watcher.onChange(Set.of(rules.resolve("scenarios/flicker.yaml")));

        assertThat(code).isEqualTo(Main.EXIT_RULES);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("the rules do not compile; fix them first");
    }

    @Test
    void whenAFileIsSavedOnDisk_thenOnePollPicksTheChangeUpAndRunsIt() throws Exception {
        Path scenario = rules.resolve("scenarios/flicker.yaml");
        Files.writeString(scenario, CliHarness.DEMO_SCENARIO.replace("age: 30", "age: 31"));

        Set<Path> handled = watcher.pollOnce(Duration.ofSeconds(20));

        assertThat(handled).extracting(p -> p.getFileName().toString()).contains("flicker.yaml");
        assertThat(out().lines()).contains("1 passed, 0 failed");
    }

    @Test
    void whenANewFolderOfRulesAppears_thenItIsWatchedToo() throws Exception {
        Path folder = Files.createDirectories(rules.resolve("more"));
        assertThat(watcher.pollOnce(Duration.ofSeconds(20))).isEmpty(); // a folder alone runs nothing
        Files.writeString(folder.resolve("more.drl"), CliHarness.DEMO_DRL.replace("package demo;", "package more;")
                .replace("DEMO-01", "MORE-01").replace("DEMO-02", "MORE-02"));

        Set<Path> handled = watcher.pollOnce(Duration.ofSeconds(20));

        assertThat(handled).extracting(p -> p.getFileName().toString()).contains("more.drl");
        assertThat(out()).contains("Compiled 4 rules");
    }
}
