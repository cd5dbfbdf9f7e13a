package org.facialcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.facialcds.Evaluation;
import org.facialcds.FacialCds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --reload}: a knowledge base that compiles and passes its scenarios replaces the one in service;
 * one that does not is refused and the last good one stays; requests in flight are never disturbed.
 */
class ReloadTest {

    @TempDir
    Path dir;
    Path rules;
    CdsHooksServer server;

    @BeforeEach
    void start() throws IOException {
        rules = dir.resolve("rules");
        copy(Path.of("rules"), rules);
        server = CdsHooksServer.start(Http.settings(dir).insecureNoAuth(true).rulesDirectory(rules).reload(true)
                .reloadDebounce(java.time.Duration.ofMillis(200)).build());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private String version() {
        return Http.get(server.baseUrl() + "/health", null).json().path("knowledgeBase").path("version").asText();
    }

    private void setVersion(String version) throws IOException {
        Path props = rules.resolve("knowledge-base.properties");
        String text = Files.readString(props).replaceAll("(?m)^version=.*$", "version=" + version);
        Files.writeString(props, text);
    }

    @Test
    void whenTheRulesChangeAndPassTheirScenarios_thenTheNewKnowledgeBaseIsServed() throws Exception {
        String before = version();
        setVersion("9.9.9-test");
        long deadline = System.currentTimeMillis() + 120_000;
        while (!version().equals("9.9.9-test") && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        KnowledgeBaseReloader.Outcome last = server.reloader().lastOutcome();
        assertThat(version()).as("reload outcome %s", last == null ? null : last.problems()).isEqualTo("9.9.9-test");
        assertThat(before).isNotEqualTo("9.9.9-test");
        Http.Response r = Http.post(server.baseUrl() + "/cds-services/facial-twitching",
                Http.read(Http.EXAMPLES.resolve("patient-view.json")), null);
        assertThat(r.body()).contains("\"version\":\"9.9.9-test\"");
    }

    @Test
    void whenARuleFileNoLongerCompiles_thenTheReloadIsRefusedAndTheLastGoodOneStays() throws Exception {
        String sha = server.knowledgeBase().sha256();
        Path drl = Files.list(rules.resolve("vetoes")).filter(p -> p.toString().endsWith(".drl")).findFirst()
                .orElseThrow();
        Files.writeString(drl, Files.readString(drl) + "\nrule \"broken\" when then this is not java; end\n");
        KnowledgeBaseReloader.Outcome outcome = server.reloader().reloadNow();
        assertThat(outcome.accepted()).isFalse();
        assertThat(outcome.problems()).anySatisfy(p -> assertThat(p).contains(drl.getFileName().toString()));
        assertThat(server.knowledgeBase().sha256()).isEqualTo(sha);
        assertThat(Http.get(server.baseUrl() + "/health", null).json().path("lastReload").path("accepted").asBoolean())
                .isFalse();
        assertThat(Http.post(server.baseUrl() + "/cds-services/facial-twitching",
                Http.read(Http.EXAMPLES.resolve("patient-view.json")), null).status()).isEqualTo(200);
    }

    @Test
    void whenTheRulesCompileButAScenarioFails_thenTheReloadIsRefused() throws Exception {
        String sha = server.knowledgeBase().sha256();
        Files.writeString(rules.resolve("scenarios").resolve("zz-reload-test.yaml"), String.join("\n",
                "name: reload test expects what no rule concludes",
                "patient:",
                "  age: 40",
                "  twitching: { laterality: UNILATERAL_LEFT, regions: [UPPER_LID], firstRegion: UPPER_LID,"
                        + " movement: FINE_FLICKER, durationDays: 10 }",
                "  exam: { neuroExam: NORMAL }",
                "  medications: []",
                "expect:",
                "  present: [ALERT_SUSPECTED_GBS]",
                ""));
        setVersion("9.9.8-bad");
        KnowledgeBaseReloader.Outcome outcome = server.reloader().reloadNow();
        assertThat(outcome.accepted()).isFalse();
        assertThat(outcome.problems()).anySatisfy(p -> assertThat(p).contains("zz-reload-test.yaml")
                .contains("ALERT_SUSPECTED_GBS"));
        assertThat(server.knowledgeBase().sha256()).isEqualTo(sha);
        assertThat(version()).isNotEqualTo("9.9.8-bad");
    }

    @Test
    void whenTheEngineIsReplacedDuringRequests_thenEveryRequestSucceeds() throws Exception {
        String body = Http.read(Http.EXAMPLES.resolve("order-select-clonazepam.json"));
        String url = server.baseUrl() + "/cds-services/facial-twitching-order-select";
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                results.add(pool.submit(() -> Http.post(url, body, null).status()));
            }
            for (int i = 0; i < 3; i++) {
                setVersion("9.9." + i);
                assertThat(server.reloader().reloadNow().accepted()).isTrue();
            }
            for (Future<Integer> f : results) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whenAnEngineIsLeased_thenReplacingItDoesNotCloseItUntilTheLeaseEnds() {
        FacialCds first = FacialCds.withRules(rules);
        try (EngineHolder holder = new EngineHolder(first)) {
            EngineHolder.Lease lease = holder.acquire();
            holder.replace(FacialCds.withRules(rules));
            // the old engine still evaluates for the request that holds it
            Evaluation e = lease.cds().evaluate(lease.cds().read(
                    Http.JSON.createObjectNode().put("age", 40).put("sex", "MALE"), null));
            assertThat(e).isNotNull();
            assertThat(holder.peek()).isNotSameAs(first);
            lease.close();
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
