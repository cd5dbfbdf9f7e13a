package org.facialcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.facialcds.EvaluationJson;
import org.facialcds.FacialCds;
import org.facialcds.RuleSummary;
import org.facialcds.facts.Code;
import org.facialcds.fhir.FhirPatientMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workbench's JSON API and its static page, end to end on loopback without authentication. */
class WorkbenchApiTest {

    static final Path PATIENTS = Path.of("examples", "patients");

    @TempDir
    static Path dir;
    static CdsHooksServer server;
    static String base;

    @BeforeAll
    static void start() {
        server = CdsHooksServer.start(Http.settings(dir).insecureNoAuth(true).build());
        base = server.baseUrl();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static Http.Response evaluate(Path file) {
        return Http.post(base + "/api/evaluate", Http.read(file), null);
    }

    @Test
    void whenTheCatalogueIsAsked_thenEveryRuleSitsInOneNodeOfAStageInClinicalOrder() {
        Http.Response r = Http.get(base + "/api/catalogue", null);
        assertThat(r.status()).isEqualTo(200);
        List<String> stages = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        int count = 0;
        for (JsonNode stage : r.json().path("pathway")) {
            stages.add(stage.path("stage").asText());
            for (JsonNode node : stage.path("nodes")) {
                assertThat(node.path("file").asText()).startsWith("rules/" + stage.path("stage").asText() + "/");
                for (JsonNode rule : node.path("rules")) {
                    placed.add(rule.asText());
                    count++;
                }
            }
        }
        assertThat(stages).containsExactly("redflags", "imaging", "diagnosis", "treatment", "lifestyle", "vetoes", "data");
        Set<String> ids = new HashSet<>();
        server.rulesById().keySet().forEach(ids::add);
        assertThat(placed).isEqualTo(ids);
        assertThat(count).isEqualTo(ids.size()).isEqualTo(r.json().path("knowledgeBase").path("rules").asInt());

        List<String> codes = new ArrayList<>();
        r.json().path("codes").forEach(c -> codes.add(c.path("code").asText()));
        assertThat(codes).contains("DX_HFS_PRIMARY", "AVOID_BENZODIAZEPINE").doesNotContain(Code.CONSIDERED.name())
                .hasSize((int) Stream.of(Code.values()).filter(Code::isPublic).count());
        assertThat(r.json().path("vocabulary").path("laterality").toString()).contains("BILATERAL_SYNCHRONOUS");
        assertThat(r.json().path("disclaimer").asText()).startsWith("Decision support only");
    }

    @Test
    void whenExamplesAreListed_thenEachBundledPatientCanBeFetchedAsIs() throws IOException {
        Http.Response list = Http.get(base + "/api/examples", null);
        assertThat(list.status()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        list.json().forEach(e -> names.add(e.path("name").asText()));
        try (Stream<Path> files = Files.list(PATIENTS)) {
            assertThat(names).containsAll(files.map(f -> f.getFileName().toString().replace(".json", "")).toList());
        }
        assertThat(names).contains("v04-hfs-imaging-not-done.bundle");
        Http.Response one = Http.get(base + "/api/examples/v13-beb-normal-mri", null);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body()).isEqualTo(Http.read(PATIENTS.resolve("v13-beb-normal-mri.json")));
        assertThat(Http.get(base + "/api/examples/no-such-patient", null).status()).isEqualTo(404);
        assertThat(Http.get(base + "/api/examples/..%2Fpom.xml", null).status()).isIn(400, 404);
    }

    @Test
    void whenAPatientIsEvaluated_thenTheResultIsTheLibrarysWithTheRouteAndTheCardsAnEhrWouldGet() throws IOException {
        Path file = PATIENTS.resolve("v30-beb-toxin-hypersensitivity.json");
        Http.Response r = evaluate(file);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.path("input").asText()).isEqualTo("patient-facts");

        try (FacialCds cds = FacialCds.withBundledRules()) {
            String expected = EvaluationJson.toJson(cds.evaluate(Http.read(file)));
            assertThat(body.path("evaluation")).isEqualTo(Http.JSON.readTree(expected));
        }
        // the toxin suggestion was vetoed: its file is still on the route, and so is the veto's
        List<String> nodes = new ArrayList<>();
        body.path("route").path("nodes").forEach(n -> nodes.add(n.asText()));
        assertThat(nodes).contains("rules/diagnosis/blepharospasm.drl", "rules/treatment/botulinum_toxin.drl",
                "rules/vetoes/botulinum_toxin.drl");
        boolean diagnosisFeedsTreatment = false;
        for (JsonNode e : body.path("route").path("edges")) {
            assertThat(nodes).contains(e.path("from").asText(), e.path("to").asText());
            diagnosisFeedsTreatment |= e.path("from").asText().equals("rules/diagnosis/blepharospasm.drl")
                    && e.path("to").asText().startsWith("rules/treatment/")
                    && e.path("codes").toString().contains("DX_BENIGN_ESSENTIAL_BLEPHAROSPASM");
        }
        assertThat(diagnosisFeedsTreatment).isTrue();

        JsonNode cards = body.path("cards");
        assertThat(Conformance.response(cards)).isEmpty();
        List<String> vetoRules = new ArrayList<>();
        body.path("evaluation").path("recommendations").forEach(rec -> {
            if (rec.path("code").asText().equals("AVOID_BOTULINUM_TOXIN")) {
                rec.path("because").forEach(b -> vetoRules.add(b.path("rule").asText()));
            }
        });
        assertThat(vetoRules).isNotEmpty();
        assertThat(cards.toString()).contains(vetoRules);
    }

    @Test
    void whenAFhirBundleIsEvaluated_thenItIsMappedAsTheCliMapsIt() {
        String bundle = Http.read(Path.of("examples", "fhir", "v04-hfs-imaging-not-done.bundle.json"));
        Http.Response r = Http.post(base + "/api/evaluate?asOf=2026-11-26", bundle, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("input").asText()).isEqualTo("fhir");
        // as `facial-cds facts` maps it: no medication resources, so the medication list stays unknown
        assertThat(r.json().path("facts"))
                .isEqualTo(new FhirPatientMapper().map(bundle, null, LocalDate.parse("2026-11-26")).patientFacts());
        assertThat(r.json().path("facts").has("medications")).isFalse();
        assertThat(r.json().path("evaluation").toString()).contains("DX_HFS_SUSPECTED");
    }

    @Test
    void whenTheInputIsInvalid_thenA400NamesEachFieldAndNothingIsEvaluated() {
        Http.Response r = Http.post(base + "/api/evaluate", "{\"age\": 190, \"sex\": \"BOTH\"}", null);
        assertThat(r.status()).isEqualTo(400);
        CdsHooksServerTest.assertOperationOutcome(r);
        List<String> paths = new ArrayList<>();
        r.json().path("issue").forEach(i -> paths.add(i.path("expression").path(0).asText()));
        assertThat(paths).contains("$.age", "$.sex");
        assertThat(r.body()).doesNotContain("\"evaluation\"");

        assertThat(Http.post(base + "/api/evaluate", "not json", null).status()).isEqualTo(400);
        assertThat(Http.post(base + "/api/evaluate", "", null).status()).isEqualTo(400);
        Http.Response badDate = Http.post(base + "/api/evaluate?asOf=26/11/2026", "{}", null);
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.body()).contains("asOf").contains("ISO date");
        String huge = "{\"id\":\"" + "x".repeat((int) Http.settings(dir).insecureNoAuth(true).build().maxBodyBytes() + 10) + "\"}";
        assertThat(Http.post(base + "/api/evaluate", huge, null).status()).isEqualTo(413);
    }

    @Test
    void whenWhyNotIsAsked_thenTheAuthoringExplanationComesBack() {
        String patient = Http.read(PATIENTS.resolve("v14-beb-imaging-not-done.json"));
        Http.Response r = Http.post(base + "/api/explain", "{\"patient\": " + patient
                + ", \"code\": \"DX_BENIGN_ESSENTIAL_BLEPHAROSPASM\", \"question\": \"why-not\"}", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("present").asBoolean()).isFalse();
        assertThat(r.json().path("text").asText()).startsWith("Why not DX_BENIGN_ESSENTIAL_BLEPHAROSPASM?")
                .contains("DX-BEB-01").contains("Decision support only");

        Http.Response why = Http.post(base + "/api/explain", "{\"patient\": " + Http.read(PATIENTS.resolve(
                "v13-beb-normal-mri.json")) + ", \"code\": \"TX_BOTULINUM_TOXIN\", \"question\": \"why\"}", null);
        assertThat(why.status()).as(why.body()).isEqualTo(200);
        assertThat(why.json().path("present").asBoolean()).isTrue();
        assertThat(why.json().path("text").asText()).contains("TX-BONT-01").contains("DX-BEB-01");

        Http.Response unknown = Http.post(base + "/api/explain", "{\"patient\": {}, \"code\": \"CONSIDERED\"}", null);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("issue").path(0).path("expression").path(0).asText()).isEqualTo("$.code");
        assertThat(Http.post(base + "/api/explain", "{\"code\": \"DX_HFS_PRIMARY\"}", null).status()).isEqualTo(400);
    }

    @Test
    void whenThePageIsServed_thenItComesFromTheJarWithAStrictContentSecurityPolicy() {
        Http.Response page = Http.get(base + "/", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'");
        assertThat(page.body()).contains("workbench.js").doesNotContain("http://").doesNotContain("https://");
        assertThat(Http.get(base + "/workbench/workbench.js", null).headers().firstValue("Content-Type").orElse(""))
                .startsWith("text/javascript");
        assertThat(Http.get(base + "/workbench/secret.class", null).status()).isEqualTo(404);
        assertThat(Http.get(base + "/workbench/..%2F..%2Fpom.xml", null).status()).isIn(400, 404); // Jetty: 400
    }

    @Test
    void whenTheExamplesAreInsideAJarWhoseFileSystemIsOpen_thenTheyAreStillListed() throws Exception {
        Path jar = dir.resolve("examples.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (String entry : List.of("examples/", "examples/patients/", "examples/fhir/", "examples/patients/a-case.json", "examples/fhir/b-case.bundle.json",
                    "examples/fhir/b-case.expected-facts.json")) {
                zip.putNextEntry(new ZipEntry(entry));
                if (!entry.endsWith("/")) zip.write("{}".getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            URI uri = loader.getResource("examples/patients").toURI();
            // as in the service: the rules were read from the jar first, and that file system stays open
            try (FileSystem open = FileSystems.newFileSystem(uri, Map.of())) {
                assertThat(Workbench.listExamples(loader)).containsOnlyKeys("a-case", "b-case.bundle");
            }
            assertThat(Workbench.listExamples(loader)).containsOnlyKeys("a-case", "b-case.bundle");
        }
    }

    @Test
    void whenRulesAreListed_thenEachHasAPathwayStage() {
        for (RuleSummary r : server.rulesById().values()) {
            assertThat(Pathway.stageOf(r.file())).as(r.id()).isIn("redflags", "imaging", "diagnosis", "treatment",
                    "lifestyle", "vetoes", "data");
        }
        assertThat(Pathway.titleOf("rules/diagnosis/hemifacial_spasm.drl")).isEqualTo("Hemifacial spasm");
    }
}
