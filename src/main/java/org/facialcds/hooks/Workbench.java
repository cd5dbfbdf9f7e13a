package org.facialcds.hooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.facialcds.Derivation;
import org.facialcds.Evaluation;
import org.facialcds.EvaluationJson;
import org.facialcds.Explanation;
import org.facialcds.FacialCds;
import org.facialcds.InvalidInputException;
import org.facialcds.KnowledgeBaseInfo;
import org.facialcds.facts.AlcoholUse;
import org.facialcds.facts.Code;
import org.facialcds.facts.ConditionName;
import org.facialcds.facts.DrugClass;
import org.facialcds.facts.Eeg;
import org.facialcds.facts.Finding;
import org.facialcds.facts.ImagingStatus;
import org.facialcds.facts.InputProblem;
import org.facialcds.facts.Laterality;
import org.facialcds.facts.Modality;
import org.facialcds.facts.Movement;
import org.facialcds.facts.MriSafety;
import org.facialcds.facts.NeuroExam;
import org.facialcds.facts.PalsyCause;
import org.facialcds.facts.Protocol;
import org.facialcds.facts.Recovery;
import org.facialcds.facts.Region;
import org.facialcds.facts.Route;
import org.facialcds.facts.Sex;
import org.facialcds.facts.Side;
import org.facialcds.facts.ToxinResponse;
import org.facialcds.facts.Trigger;
import org.facialcds.fhir.FhirMappingException;
import org.facialcds.fhir.PatientInput;

/**
 * What the workbench page asks of the server, answered as JSON (the page is one client; scripts can be
 * others): the catalogue with the pathway, the bundled example patients, an evaluation with its route through
 * the pathway and the cards the patient-view service would return, and "why / why not" for one code. Input
 * problems become {@link HttpProblem}s naming the JSON path, exactly as in the hooks.
 */
final class Workbench {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Workbench.class);

    /** Where the page and its assets sit on the classpath. */
    static final String ASSETS = "workbench/";
    private static final String EXAMPLES = "examples/";
    private static final Map<String, byte[]> ASSET_BYTES = new ConcurrentHashMap<>();
    private static final Pattern ASSET_NAME = Pattern.compile("[a-z0-9-]+\\.[a-z]+");
    private static final Pattern EXAMPLE_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,99}");

    private final EngineHolder engines;
    private final CardFactory cards;
    private final ObjectMapper json;
    private final Map<String, String> examples;

    Workbench(EngineHolder engines, ObjectMapper json) {
        this.engines = engines;
        this.cards = new CardFactory(json);
        this.json = json;
        this.examples = listExamples(Workbench.class.getClassLoader());
    }

    // ---------------------------------------------------------------- GET /api/catalogue

    ObjectNode catalogue() {
        FacialCds cds = engines.peek();
        KnowledgeBaseInfo kb = cds.knowledgeBase();
        ObjectNode body = json.createObjectNode();
        body.putObject("knowledgeBase").put("name", kb.name()).put("version", kb.version()).put("sha256", kb.sha256())
                .put("rules", kb.ruleCount());
        body.put("engineVersion", FacialCds.ENGINE_VERSION);
        body.put("disclaimer", Evaluation.DISCLAIMER);
        ArrayNode codes = body.putArray("codes");
        for (Code c : Code.values()) {
            if (!c.isPublic()) continue;
            ObjectNode o = codes.addObject().put("code", c.name()).put("kind", c.kind().name()).put("title", c.title());
            if (c.detail() != null) o.put("detail", c.detail());
        }
        body.set("rules", json.valueToTree(cds.rules()));
        body.set("pathway", json.valueToTree(Pathway.of(cds.rules()).stages()));
        ObjectNode words = body.putObject("vocabulary");
        vocabulary(words, "sex", Sex.values());
        vocabulary(words, "laterality", Laterality.values());
        vocabulary(words, "region", Region.values());
        vocabulary(words, "movement", Movement.values());
        vocabulary(words, "trigger", Trigger.values());
        vocabulary(words, "neuroExam", NeuroExam.values());
        vocabulary(words, "palsySide", Side.values());
        vocabulary(words, "palsyCause", PalsyCause.values());
        vocabulary(words, "recovery", Recovery.values());
        vocabulary(words, "toxinResponse", ToxinResponse.values());
        vocabulary(words, "alcoholUse", AlcoholUse.values());
        vocabulary(words, "condition", ConditionName.values());
        vocabulary(words, "drugClass", DrugClass.values());
        vocabulary(words, "route", Route.values());
        vocabulary(words, "modality", Modality.values());
        vocabulary(words, "imagingStatus", ImagingStatus.values());
        vocabulary(words, "protocol", Protocol.values());
        vocabulary(words, "finding", Finding.values());
        vocabulary(words, "mriSafety", MriSafety.values());
        vocabulary(words, "eeg", Eeg.values());
        return body;
    }

    private static void vocabulary(ObjectNode words, String name, Enum<?>[] values) {
        ArrayNode list = words.putArray(name);
        for (Enum<?> v : values) list.add(v.name());
    }

    // ---------------------------------------------------------------- GET /api/examples

    ArrayNode examples() {
        ArrayNode list = json.createArrayNode();
        examples.forEach((name, resource) -> list.addObject().put("name", name)
                .put("format", name.endsWith(".bundle") ? "fhir" : "patient-facts"));
        return list;
    }

    /** The example's JSON text, as bundled. */
    Optional<byte[]> example(String name) {
        String resource = examples.get(name);
        if (resource == null) return Optional.empty();
        try (InputStream in = Workbench.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The bundled examples by name ({@code v13-beb-normal-mri}, {@code v04-hfs-imaging-not-done.bundle}), read
     * from the classpath folder whether it is a directory (tests) or inside the jar.
     */
    static Map<String, String> listExamples(ClassLoader loader) {
        URL url = loader.getResource(EXAMPLES + "patients");
        if (url == null) return Map.of();
        try {
            URI uri = url.toURI();
            if (!uri.getScheme().equals("jar")) return listExamples(Path.of(uri).getParent());
            try {
                try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
                    return listExamples(fs.getPath("/" + EXAMPLES));
                }
            } catch (FileSystemAlreadyExistsException e) {
                // the rules were read from this jar already: use that file system, and leave it open
                return listExamples(FileSystems.getFileSystem(uri).getPath("/" + EXAMPLES));
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            LOG.warn("the bundled example patients could not be listed ({}); the workbench offers none",
                    e.getClass().getSimpleName());
            return Map.of();
        }
    }

    private static Map<String, String> listExamples(Path root) throws IOException {
        Map<String, String> found = new java.util.TreeMap<>();
        for (String folder : List.of("patients", "fhir")) {
            Path dir = root.resolve(folder);
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> files = Files.list(dir)) {
                files.map(p -> p.getFileName().toString())
                        .filter(f -> f.endsWith(".json") && (folder.equals("patients") || f.endsWith(".bundle.json")))
                        .forEach(f -> found.put(f.substring(0, f.length() - ".json".length()),
                                EXAMPLES + folder + "/" + f));
            }
        }
        return java.util.Collections.unmodifiableMap(found);
    }

    static boolean isExampleName(String name) {
        return EXAMPLE_NAME.matcher(name).matches();
    }

    // ---------------------------------------------------------------- POST /api/evaluate

    /** Evaluates one patient (patient facts or FHIR R4) and says how an EHR would see the result. */
    ObjectNode evaluate(String body, LocalDate asOf, String baseUrl) {
        try (EngineHolder.Lease lease = engines.acquire()) {
            FacialCds cds = lease.cds();
            PatientInput.Read read = read(cds, body, asOf);
            Evaluation evaluation = cds.evaluate(read.facts());
            ObjectNode result = json.createObjectNode();
            result.put("input", read.format() == PatientInput.Format.FHIR ? "fhir" : "patient-facts");
            result.set("facts", read.mapping() != null ? read.mapping().patientFacts() : parse(body));
            // the library's own JSON of the result, written once and embedded as it is
            result.putRawValue("evaluation", new RawValue(EvaluationJson.toJson(evaluation)));
            result.set("firedRules", json.valueToTree(evaluation.firedRules()));
            result.set("route", json.valueToTree(Pathway.route(evaluation, cds.rules())));
            KnowledgeBaseInfo kb = cds.knowledgeBase();
            String patientId = read.facts().patient().id() == null ? "workbench" : read.facts().patient().id();
            CardFactory.Subject subject = new CardFactory.Subject(baseUrl, patientId, read.facts(), kb,
                    FacialCds.ENGINE_VERSION, Map.of(), List.of(), evaluation.warnings());
            List<Card> list = cards.patientView(evaluation, subject).stream().map(CardFactory.Issued::card).toList();
            result.set("cards", json.valueToTree(CdsResponse.of(list)));
            return result;
        }
    }

    // ---------------------------------------------------------------- POST /api/explain

    /** "Why not CODE?" or "Why CODE?" for one patient: {@code {"patient": …, "code": …, "question": …}}. */
    ObjectNode explain(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw HttpProblem.badRequest("expected {\"patient\": {…}, \"code\": \"DX_HFS_PRIMARY\", \"question\": "
                    + "\"why-not\" | \"why\"}", "$");
        }
        JsonNode patient = body.get("patient");
        if (patient == null || !patient.isObject()) {
            throw HttpProblem.badRequest("patient is required: a patient-facts object or a FHIR R4 resource", "$.patient");
        }
        Code code = code(body.get("code"));
        String question = body.path("question").asText("why-not");
        if (!question.equals("why-not") && !question.equals("why")) {
            throw HttpProblem.badRequest("question must be \"why-not\" or \"why\"", "$.question");
        }
        LocalDate asOf = null;
        if (body.hasNonNull("asOf")) asOf = asOf(body.get("asOf").asText(), "$.asOf");
        try (EngineHolder.Lease lease = engines.acquire()) {
            FacialCds cds = lease.cds();
            PatientInput.Read read = read(cds, patient.toString(), asOf);
            ObjectNode result = json.createObjectNode().put("code", code.name()).put("question", question);
            if (question.equals("why-not")) {
                Explanation e = cds.whyNot(read.facts(), code);
                result.put("present", e.present()).put("text", e.text());
            } else {
                List<Derivation> trees = cds.why(read.facts(), code);
                String text = trees.isEmpty()
                        ? code + " is not in the result for this patient; ask \"why not?\" instead.\n"
                        : "Why " + code + "?\n" + Derivation.text(trees);
                result.put("present", !trees.isEmpty()).put("text", text + "\n" + Evaluation.DISCLAIMER + "\n");
            }
            return result;
        }
    }

    private static Code code(JsonNode node) {
        String expected = "expected a recommendation code of the catalogue (GET /api/catalogue), e.g. DX_HFS_PRIMARY";
        if (node == null || !node.isTextual()) throw HttpProblem.badRequest("code is required; " + expected, "$.code");
        try {
            Code code = Code.valueOf(node.asText().trim().toUpperCase(Locale.ROOT));
            if (!code.isPublic()) throw new IllegalArgumentException();
            return code;
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("code: unknown recommendation code; " + expected, "$.code");
        }
    }

    /** An ISO date from a query parameter or field, or a 400 naming where it came from. */
    static LocalDate asOf(String text, String where) {
        try {
            return LocalDate.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw HttpProblem.badRequest(where + ": expected an ISO date such as 2026-11-26", where);
        }
    }

    // ---------------------------------------------------------------- shared

    /** Reads the patient; every input problem becomes one issue of a 400, with its JSON path. */
    private PatientInput.Read read(FacialCds cds, String text, LocalDate asOf) {
        try {
            return PatientInput.read(cds, text, asOf);
        } catch (InvalidInputException e) {
            List<HttpProblem.Issue> issues = new ArrayList<>();
            for (InputProblem p : e.problems()) issues.add(new HttpProblem.Issue("invalid", p.toString(), p.path()));
            throw new HttpProblem(400, issues);
        } catch (FhirMappingException e) {
            throw HttpProblem.badRequest("the FHIR input cannot be evaluated: "
                    + e.getMessage().lines().findFirst().orElse(e.getMessage()));
        }
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text.getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON the service wrote itself could not be read back", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The content type of a workbench asset, or {@code null} for a name the workbench does not serve. */
    static String contentType(String asset) {
        if (!ASSET_NAME.matcher(asset).matches()) return null;
        return switch (asset.substring(asset.lastIndexOf('.'))) {
            case ".html" -> "text/html; charset=utf-8";
            case ".css" -> "text/css; charset=utf-8";
            case ".js" -> "text/javascript; charset=utf-8";
            case ".svg" -> "image/svg+xml";
            case ".png" -> "image/png";
            default -> null;
        };
    }

    /** The bytes of a workbench asset, if bundled; read from the jar once. */
    static Optional<byte[]> asset(String name) {
        return Optional.ofNullable(ASSET_BYTES.computeIfAbsent(name, Workbench::readAsset));
    }

    private static byte[] readAsset(String name) {
        try (InputStream in = Workbench.class.getClassLoader().getResourceAsStream(ASSETS + name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
