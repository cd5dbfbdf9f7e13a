package org.facialcds.hooks;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.facialcds.Configuration;
import org.facialcds.Evaluation;
import org.facialcds.FacialCds;
import org.facialcds.FacialCdsException;
import org.facialcds.KnowledgeBaseInfo;
import org.facialcds.RuleSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The knowledge base served as a CDS Hooks 2.0 service (Javalin on Jetty): {@code GET /cds-services}
 * (discovery), {@code POST /cds-services/{id}} (patient-view, order-select, order-sign),
 * {@code POST /cds-services/{id}/feedback}, {@code GET /health}, the knowledge base's rule pages, and the
 * workbench: its page at {@code /} and its JSON API ({@code GET /api/catalogue}, {@code GET /api/examples},
 * {@code POST /api/evaluate}, {@code POST /api/explain}; see {@link Workbench}), which needs the same JWT as the
 * hooks when authentication is on. The controller only decodes, delegates and encodes; a stop lets in-flight
 * requests finish.
 *
 * <pre>
 * try (CdsHooksServer server = CdsHooksServer.start(ServerSettings.builder().port(0).insecureNoAuth(true).build())) {
 *     System.out.println("listening on " + server.baseUrl());
 * }
 * </pre>
 */
public final class CdsHooksServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CdsHooksServer.class);
    private static final String JSON_TYPE = "application/json";

    private final ServerSettings settings;
    private final ObjectMapper json = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final EngineHolder engines;
    private final FeedbackStore feedback;
    private final JwtVerifier jwt;
    private final HookHandler hooks;
    private final Workbench workbench;
    private final KnowledgeBaseReloader reloader;
    private final Javalin app;
    private final String baseUrl;
    private volatile boolean stopped;

    private CdsHooksServer(ServerSettings settings) {
        this.settings = settings;
        long t0 = System.nanoTime();
        FacialCds first = build(settings.rulesDirectory());
        long compiled = System.nanoTime();
        this.engines = new EngineHolder(first);
        FeedbackStore store = null;
        KnowledgeBaseReloader watch = null;
        Javalin javalin = null;
        try {
            store = FeedbackStore.open(settings.databaseUrl(), settings.databaseUser(), settings.databasePassword());
            this.jwt = settings.authRequired() ? new JwtVerifier(settings.trustedIssuers(),
                    new ReplayCache(settings.replayCacheSize()), settings.clock(), settings.clockSkew(),
                    settings.maxTokenAge()) : null;
            this.hooks = new HookHandler(engines, new PatientData(new FhirFetcher(settings.fhirServers(),
                    settings.fhirFetchBudget())), json, settings.clock());
            this.workbench = new Workbench(engines, json);
            if (settings.reload()) {
                watch = new KnowledgeBaseReloader(settings.rulesDirectory(), engines, CdsHooksServer::build,
                        settings.reloadDebounce());
                watch.start();
            }
            long warm = System.nanoTime();
            warmUp();
            LOG.info("knowledge base compiled in {} ms; FHIR mapping and rules warmed up in {} ms",
                    (compiled - t0) / 1_000_000, (System.nanoTime() - warm) / 1_000_000);
            javalin = createApp();
            javalin.start(settings.host(), settings.port());
        } catch (RuntimeException | IOException e) {
            if (javalin != null) {
                javalin.stop();
            }
            if (watch != null) {
                watch.close();
            }
            if (store != null) {
                store.close();
            }
            engines.close();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new FacialCdsException(ServerSettings.CONFIG_ERROR, "cannot watch the rules directory: "
                    + e.getMessage(), e);
        }
        this.feedback = store;
        this.reloader = watch;
        this.app = javalin;
        this.baseUrl = settings.effectiveBaseUrl(app.port());
    }

    /**
     * Runs a few synthetic patient-views before listening, so the FHIR parser and the rule engine are
     * initialised and warm before the first real call (the first FHIR parse alone costs about a second).
     */
    private void warmUp() {
        try {
            ObjectNode request = json.createObjectNode();
            request.put("hook", HookRequest.PATIENT_VIEW);
            request.put("hookInstance", "warm-up");
            ObjectNode context = request.putObject("context");
            context.put("userId", "Practitioner/warm-up");
            context.put("patientId", "warm-up");
            ObjectNode prefetch = request.putObject("prefetch");
            prefetch.putObject("patient").put("resourceType", "Patient").put("id", "warm-up").put("gender", "female")
                    .put("birthDate", "1960-01-01");
            ObjectNode qr = prefetch.putObject("assessment");
            qr.put("resourceType", "QuestionnaireResponse");
            qr.put("id", "warm-up");
            qr.put("questionnaire", Services.QUESTIONNAIRE);
            qr.put("status", "completed");
            qr.putObject("subject").put("reference", "Patient/warm-up");
            ObjectNode group = qr.putArray("item").addObject();
            group.put("linkId", "twitching");
            ObjectNode item = group.putArray("item").addObject();
            item.put("linkId", "twitching.laterality");
            item.putArray("answer").addObject().putObject("valueCoding")
                    .put("system", "https://facial-cds.org/fhir/CodeSystem/facial-twitching")
                    .put("code", "BILATERAL_SYNCHRONOUS");
            for (String key : Services.PREFETCH.keySet()) {
                if (!prefetch.has(key)) {
                    prefetch.putNull(key);
                }
            }
            CdsService service = Services.byId(Services.PATIENT_VIEW_ID).orElseThrow();
            for (int i = 0; i < 5; i++) {
                hooks.handle(service, HookRequest.decode(request, service.hook()), "http://localhost");
            }
        } catch (RuntimeException e) {
            LOG.warn("warm-up failed ({}); the first calls will be slower", e.getClass().getSimpleName());
        }
    }

    /**
     * Compiles the knowledge base, opens the feedback store and starts listening.
     *
     * @throws org.facialcds.RuleCompilationException when the rules do not compile
     * @throws FacialCdsException for configuration, database or port problems
     */
    public static CdsHooksServer start(ServerSettings settings) {
        return new CdsHooksServer(settings);
    }

    private static FacialCds build(java.nio.file.Path rules) {
        return FacialCds.create(Configuration.builder().rulesDirectory(rules).build());
    }

    /** The port bound (useful with port 0). */
    public int port() {
        return app.port();
    }

    /** The base URL the EHR calls; JWT audiences are built from it. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The knowledge base in service now. */
    public KnowledgeBaseInfo knowledgeBase() {
        return engines.peek().knowledgeBase();
    }

    /** The reloader, when {@code --reload} is on (tests trigger a reload through it). */
    KnowledgeBaseReloader reloader() {
        return reloader;
    }

    FeedbackStore feedbackStore() {
        return feedback;
    }

    /**
     * Stops accepting requests, lets in-flight ones finish (up to the shutdown grace), then writes the
     * queued feedback records and releases the engine. Safe to call twice.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            app.stop();
        } catch (RuntimeException e) {
            LOG.warn("the HTTP server did not stop cleanly: {}", e.getMessage());
        }
        if (reloader != null) {
            reloader.close();
        }
        feedback.close();
        engines.close();
    }

    @Override
    public void close() {
        stop();
    }

    // ---------------------------------------------------------------- the controller

    private Javalin createApp() {
        Javalin javalin = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.http.maxRequestSize = settings.maxBodyBytes();
            config.http.prefer405over404 = true;
            config.jetty.modifyServer(server -> server.setStopTimeout(settings.shutdownGrace().toMillis()));
            if (!settings.corsOrigins().isEmpty()) {
                config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                    for (String origin : settings.corsOrigins()) {
                        rule.allowHost(origin);
                    }
                }));
            }
            config.requestLogger.http((ctx, ms) -> LOG.info("{} {} {} {} ms", ctx.method(), ctx.path(),
                    ctx.statusCode(), String.format("%.1f", ms)));
        });
        javalin.get("/cds-services", this::discovery);
        javalin.post("/cds-services/{id}", this::service);
        javalin.post("/cds-services/{id}/feedback", this::feedback);
        javalin.get("/health", this::health);
        javalin.get("/knowledge-base", this::knowledgeBasePage);
        javalin.get("/knowledge-base/rules", this::rulesPage);
        javalin.get("/", ctx -> asset(ctx, "index.html"));
        javalin.get("/workbench/{asset}", ctx -> asset(ctx, ctx.pathParam("asset")));
        javalin.get("/api/catalogue", ctx -> {
            authenticate(ctx, List.of(baseUrl + ctx.path()));
            send(ctx, 200, workbench.catalogue());
        });
        javalin.get("/api/examples", ctx -> {
            authenticate(ctx, List.of(baseUrl + ctx.path()));
            send(ctx, 200, workbench.examples());
        });
        javalin.get("/api/examples/{name}", this::example);
        javalin.post("/api/evaluate", this::evaluate);
        javalin.post("/api/explain", this::explain);
        javalin.exception(HttpProblem.class, (e, ctx) -> problem(ctx, e));
        javalin.exception(Exception.class, (e, ctx) -> {
            LOG.error("internal error on {} {}: {} at {}", ctx.method(), ctx.path(), e.getClass().getName(),
                    Arrays.stream(e.getStackTrace()).limit(6).map(String::valueOf).collect(Collectors.joining(" < ")));
            problem(ctx, new HttpProblem(500, List.of(new HttpProblem.Issue("exception",
                    "internal error; the service log has the details", null))));
        });
        javalin.error(404, ctx -> {
            if (ctx.resultInputStream() == null) {
                problem(ctx, HttpProblem.notFound("no such endpoint: " + ctx.method() + " " + ctx.path()
                        + " (see GET /cds-services)"));
            }
        });
        javalin.error(405, ctx -> {
            if (ctx.resultInputStream() == null) {
                problem(ctx, new HttpProblem(405, List.of(new HttpProblem.Issue("not-supported",
                        "method " + ctx.method() + " is not allowed on " + ctx.path(), null))));
            }
        });
        return javalin;
    }

    private void discovery(Context ctx) {
        authenticate(ctx, List.of(baseUrl + "/cds-services"));
        ObjectNode body = json.createObjectNode();
        body.set("services", json.valueToTree(Services.all()));
        send(ctx, 200, body);
    }

    private void service(Context ctx) {
        String id = ctx.pathParam("id");
        checkLength(ctx);
        authenticate(ctx, List.of(baseUrl + "/cds-services/" + id));
        CdsService service = Services.byId(id).orElseThrow(() -> HttpProblem.notFound("no CDS service '" + id
                + "' here; GET /cds-services lists them"));
        JsonNode body = readJson(ctx);
        HookRequest request = HookRequest.decode(body, service.hook());
        HookHandler.Answer answer = hooks.handle(service, request, baseUrl);
        feedback.issued(answer.issued());
        ctx.attribute("cards", answer.response().cards().size());
        send(ctx, 200, answer.response());
    }

    private void feedback(Context ctx) {
        String id = ctx.pathParam("id");
        checkLength(ctx);
        authenticate(ctx, List.of(baseUrl + "/cds-services/" + id + "/feedback", baseUrl + "/cds-services/" + id));
        Services.byId(id).orElseThrow(() -> HttpProblem.notFound("no CDS service '" + id + "' here"));
        JsonNode body = readJson(ctx);
        List<FeedbackStore.Item> items = decodeFeedback(body);
        feedback.feedback(id, items, settings.clock().instant());
        ObjectNode result = json.createObjectNode();
        result.put("stored", items.size());
        send(ctx, 200, result);
    }

    private void health(Context ctx) {
        FacialCds cds = engines.peek();
        KnowledgeBaseInfo kb = cds.knowledgeBase();
        ObjectNode body = json.createObjectNode();
        body.put("status", stopped ? "STOPPING" : "UP");
        ObjectNode k = body.putObject("knowledgeBase");
        k.put("name", kb.name());
        k.put("version", kb.version());
        k.put("sha256", kb.sha256());
        k.put("rules", kb.ruleCount());
        body.putObject("engine").put("version", FacialCds.ENGINE_VERSION);
        if (reloader != null && reloader.lastOutcome() != null) {
            KnowledgeBaseReloader.Outcome o = reloader.lastOutcome();
            ObjectNode r = body.putObject("lastReload");
            r.put("accepted", o.accepted());
            r.put("problems", o.problems().size());
        }
        send(ctx, stopped ? 503 : 200, body);
    }

    private void knowledgeBasePage(Context ctx) {
        FacialCds cds = engines.peek();
        KnowledgeBaseInfo kb = cds.knowledgeBase();
        StringBuilder html = page("Knowledge base " + kb.name() + " " + kb.version());
        html.append("<p>SHA-256 <code>").append(kb.sha256()).append("</code>, ").append(kb.ruleCount())
                .append(" rules, facial-cds ").append(FacialCds.ENGINE_VERSION).append(".</p>");
        html.append("<p>").append(escape(Evaluation.DISCLAIMER)).append("</p>");
        rulesTable(html, cds.rules());
        ctx.contentType("text/html; charset=utf-8").result(html.append("</body></html>").toString());
    }

    private void rulesPage(Context ctx) {
        FacialCds cds = engines.peek();
        String ids = ctx.queryParam("ids");
        Set<String> wanted = ids == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(ids.split(",")));
        List<RuleSummary> rules = cds.rules().stream().filter(r -> wanted.isEmpty() || wanted.contains(r.id())).toList();
        KnowledgeBaseInfo kb = cds.knowledgeBase();
        StringBuilder html = page("Rules behind the card (" + kb.name() + " " + kb.version() + ")");
        html.append("<p>").append(escape(Evaluation.DISCLAIMER)).append("</p>");
        rulesTable(html, rules);
        ctx.contentType("text/html; charset=utf-8").result(html.append("</body></html>").toString());
    }

    // ---------------------------------------------------------------- the workbench (page and JSON API)

    /** The workbench page and its assets: static, from the jar, never from outside it. */
    private void asset(Context ctx, String name) {
        String type = Workbench.contentType(name);
        byte[] bytes = type == null ? null : Workbench.asset(name).orElse(null);
        if (bytes == null) {
            throw HttpProblem.notFound("no such workbench file: " + name);
        }
        ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-cache");
        ctx.status(200).contentType(type).result(bytes);
    }

    private void example(Context ctx) {
        authenticate(ctx, List.of(baseUrl + ctx.path()));
        String name = ctx.pathParam("name");
        byte[] bytes = Workbench.isExampleName(name) ? workbench.example(name).orElse(null) : null;
        if (bytes == null) {
            throw HttpProblem.notFound("no example '" + name + "'; GET /api/examples lists them");
        }
        ctx.status(200).contentType(JSON_TYPE).result(bytes);
    }

    private void evaluate(Context ctx) {
        checkLength(ctx);
        authenticate(ctx, List.of(baseUrl + ctx.path()));
        String asOfParam = ctx.queryParam("asOf");
        LocalDate asOf = asOfParam == null ? null : Workbench.asOf(asOfParam, "asOf");
        String body = new String(readBody(ctx), StandardCharsets.UTF_8);
        send(ctx, 200, workbench.evaluate(body, asOf, baseUrl));
    }

    private void explain(Context ctx) {
        checkLength(ctx);
        authenticate(ctx, List.of(baseUrl + ctx.path()));
        send(ctx, 200, workbench.explain(readJson(ctx)));
    }

    private static StringBuilder page(String title) {
        return new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append("</title></head><body><h1>").append(escape(title)).append("</h1>");
    }

    private static void rulesTable(StringBuilder html, List<RuleSummary> rules) {
        html.append("<table><tr><th>Rule</th><th>What it does</th><th>Evidence</th><th>Policy</th><th>File</th></tr>");
        for (RuleSummary r : rules) {
            html.append("<tr><td id=\"").append(escape(r.id())).append("\"><code>").append(escape(r.id()))
                    .append("</code></td><td>").append(escape(r.name())).append("</td><td>")
                    .append(escape(r.evidence())).append(r.level() == null ? "" : " (" + escape(r.level()) + ")")
                    .append("</td><td>").append(escape(r.policy())).append("</td><td>").append(escape(r.file()))
                    .append("</td></tr>");
        }
        html.append("</table>");
    }

    private static String escape(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    // ---------------------------------------------------------------- decoding and encoding

    private void authenticate(Context ctx, List<String> audiences) {
        if (jwt == null) {
            return;
        }
        try {
            JwtVerifier.Client client = jwt.verify(ctx.header("Authorization"), audiences);
            ctx.attribute("client", client.issuer());
        } catch (HttpProblem e) {
            if (e.status() == 401) {
                ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                LOG.warn("refused {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            }
            throw e;
        }
    }

    private void checkLength(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        if (length > settings.maxBodyBytes()) {
            throw HttpProblem.tooLarge("the request body is larger than " + settings.maxBodyBytes() + " bytes");
        }
    }

    private JsonNode readJson(Context ctx) {
        byte[] bytes = readBody(ctx);
        try {
            JsonNode node = json.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw HttpProblem.badRequest("the request body is empty; expected a JSON object", "$");
            }
            return node;
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            long column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
            throw HttpProblem.badRequest("the request body is not valid JSON (line " + line + ", column " + column + ")");
        } catch (IOException e) {
            throw HttpProblem.badRequest("the request body could not be read");
        }
    }

    /** The body, at most the configured size, never empty. */
    private byte[] readBody(Context ctx) {
        byte[] bytes;
        try (InputStream in = ctx.bodyInputStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, settings.maxBodyBytes() + 1));
        } catch (IOException e) {
            throw HttpProblem.badRequest("the request body could not be read");
        }
        if (bytes.length > settings.maxBodyBytes()) {
            throw HttpProblem.tooLarge("the request body is larger than " + settings.maxBodyBytes() + " bytes");
        }
        if (bytes.length == 0) {
            throw HttpProblem.badRequest("the request body is empty; expected a JSON object", "$");
        }
        return bytes;
    }

    /** The feedback body (2.0 "Feedback"): every item needs card, outcome and outcomeTimestamp. */
    private static List<FeedbackStore.Item> decodeFeedback(JsonNode body) {
        if (body == null || !body.isObject() || !body.path("feedback").isArray() || body.get("feedback").isEmpty()) {
            throw HttpProblem.badRequest("expected {\"feedback\": [ … ]} with at least one item", "$.feedback");
        }
        List<FeedbackStore.Item> items = new ArrayList<>();
        ArrayNode list = (ArrayNode) body.get("feedback");
        for (int i = 0; i < list.size(); i++) {
            JsonNode f = list.get(i);
            String at = "$.feedback[" + i + "]";
            if (!f.isObject()) {
                throw HttpProblem.badRequest("each feedback item must be an object", at);
            }
            String card = text(f, "card", at);
            String outcome = text(f, "outcome", at);
            if (!outcome.equals("accepted") && !outcome.equals("overridden")) {
                throw HttpProblem.badRequest("outcome must be 'accepted' or 'overridden'", at + ".outcome");
            }
            int accepted = 0;
            JsonNode suggestions = f.get("acceptedSuggestions");
            if (outcome.equals("accepted")) {
                if (suggestions == null || !suggestions.isArray() || suggestions.isEmpty()) {
                    throw HttpProblem.badRequest("acceptedSuggestions is required for an accepted outcome",
                            at + ".acceptedSuggestions");
                }
            }
            if (suggestions != null && !suggestions.isNull()) {
                if (!suggestions.isArray()) {
                    throw HttpProblem.badRequest("acceptedSuggestions must be a list of {\"id\": …}",
                            at + ".acceptedSuggestions");
                }
                for (int j = 0; j < suggestions.size(); j++) {
                    text(suggestions.get(j), "id", at + ".acceptedSuggestions[" + j + "]");
                }
                accepted = suggestions.size();
            }
            String system = null;
            String code = null;
            String display = null;
            boolean comment = false;
            JsonNode override = f.get("overrideReason");
            if (override != null && !override.isNull()) {
                if (!override.isObject()) {
                    throw HttpProblem.badRequest("overrideReason must be an object", at + ".overrideReason");
                }
                JsonNode reason = override.get("reason");
                if (reason != null && !reason.isNull()) {
                    if (!reason.isObject() || !reason.path("code").isTextual()) {
                        throw HttpProblem.badRequest("overrideReason.reason must be a Coding with a code",
                                at + ".overrideReason.reason");
                    }
                    system = reason.path("system").asText(null);
                    code = reason.path("code").asText();
                    display = reason.path("display").asText(null);
                    if (display == null) {
                        display = CardFactory.OVERRIDE_REASONS.stream().filter(c -> c.code().equals(reason.path("code")
                                .asText()) && c.system().equals(reason.path("system").asText())).map(Coding::display)
                                .findFirst().orElse(null);
                    }
                }
                comment = override.path("userComment").isTextual() && !override.path("userComment").asText().isBlank();
            }
            String timestamp = text(f, "outcomeTimestamp", at);
            Instant when;
            try {
                when = java.time.OffsetDateTime.parse(timestamp).toInstant();
            } catch (DateTimeParseException e) {
                throw HttpProblem.badRequest("outcomeTimestamp must be an ISO 8601 timestamp, e.g. 2026-11-26T10:00:00Z",
                        at + ".outcomeTimestamp");
            }
            items.add(new FeedbackStore.Item(card, outcome, accepted, system, code, display, comment, when));
        }
        return items;
    }

    private static String text(JsonNode node, String field, String at) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw HttpProblem.badRequest(field + " is required and must be a non-empty string", at + "." + field);
        }
        return v.asText();
    }

    private void problem(Context ctx, HttpProblem e) {
        send(ctx, e.status(), e.operationOutcome(json));
    }

    private void send(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType(JSON_TYPE).result(json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the response", e);
        }
    }

    /** Settings as given (for the serve command's start-up message). */
    ServerSettings settings() {
        return settings;
    }

    /** The rule ids the running knowledge base knows (for tests). */
    Map<String, RuleSummary> rulesById() {
        return engines.peek().rules().stream().collect(Collectors.toMap(RuleSummary::id, r -> r));
    }
}
