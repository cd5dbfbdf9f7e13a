package org.facialcds;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.LocalDate;
import org.facialcds.engine.Engine;
import org.facialcds.engine.EngineRun;
import org.facialcds.engine.KnowledgeBase;
import org.facialcds.engine.KnowledgeBaseException;
import org.facialcds.engine.RuleFiles;
import org.facialcds.facts.ParseResult;
import org.facialcds.facts.PatientFacts;
import org.facialcds.facts.PatientJson;
import org.facialcds.facts.PolicySettings;
import org.facialcds.facts.Vocabulary;
import org.facialcds.terminology.Terminology;

/**
 * Clinical decision support for facial twitching: patient facts in, recommendations with their
 * reasoning out. Decision support only: every output is a suggestion for a clinician.
 * Thread-safe; build one and share it.
 *
 * <pre>
 * FacialCds cds = FacialCds.withBundledRules();
 * Evaluation result = cds.evaluate(Files.readString(Path.of("patient.json")));
 * for (Recommendation r : result.recommendations()) {
 *     System.out.println(r.code() + " " + r.title() + " because " + r.because());
 * }
 * </pre>
 */
public final class FacialCds implements AutoCloseable {

    /** This library's version. */
    public static final String ENGINE_VERSION = "0.1.0";

    private final Configuration configuration;
    private final Engine engine;
    private final Assembler assembler;
    private final KnowledgeBaseInfo knowledgeBaseInfo;
    private final java.util.List<RuleSummary> rules;
    private final Vocabulary vocabulary = Terminology.bundled();

    private FacialCds(Configuration configuration) {
        this.configuration = configuration;
        KnowledgeBase kb = compile(configuration.rulesDirectory());
        this.engine = new Engine(kb, configuration.poolSize());
        this.assembler = new Assembler(kb, configuration.captureReasoning());
        this.knowledgeBaseInfo = new KnowledgeBaseInfo(kb.name(), kb.version(), kb.sha256(), kb.rules().size());
        this.rules = kb.rules().stream()
                .map(r -> new RuleSummary(r.id(), r.name(), r.file(), r.evidence(), r.level(), r.policy())).toList();
    }

    /** The knowledge base bundled in the jar, with the spec's default policy. */
    public static FacialCds withBundledRules() {
        return create(Configuration.defaults());
    }

    /** The DRL files under this directory, read now (authors edit without recompiling). */
    public static FacialCds withRules(Path rulesDirectory) {
        return create(Configuration.builder().rulesDirectory(rulesDirectory).build());
    }

    /**
     * @throws RuleCompilationException listing every rule problem as {@code file:line: message}
     */
    public static FacialCds create(Configuration configuration) {
        return new FacialCds(configuration);
    }

    /**
     * Compiles the rules without building an engine, to check them.
     *
     * @throws RuleCompilationException listing every problem
     */
    public static KnowledgeBaseInfo validateRules(Path rulesDirectory) {
        KnowledgeBase kb = compile(rulesDirectory);
        return new KnowledgeBaseInfo(kb.name(), kb.version(), kb.sha256(), kb.rules().size());
    }

    private static KnowledgeBase compile(Path rulesDirectory) {
        try {
            return KnowledgeBase.compile(rulesDirectory == null ? RuleFiles.bundled() : RuleFiles.fromDirectory(rulesDirectory));
        } catch (KnowledgeBaseException e) {
            throw new RuleCompilationException(e.problems());
        }
    }

    /**
     * Reads and validates patient-facts JSON.
     *
     * @param asOf replaces the input's {@code asOf} when not null
     * @throws InvalidInputException listing every problem by JSON path
     */
    public PatientFacts read(String json, LocalDate asOf) {
        return checked(PatientJson.parse(json, vocabulary, asOf, LocalDate.now(configuration.clock())));
    }

    /** Reads patient facts already parsed into a JSON tree (e.g. from YAML). */
    public PatientFacts read(JsonNode json, LocalDate asOf) {
        return checked(PatientJson.parse(json, vocabulary, asOf, LocalDate.now(configuration.clock())));
    }

    private static PatientFacts checked(ParseResult parsed) {
        if (!parsed.ok()) throw new InvalidInputException(parsed.problems());
        return parsed.facts();
    }

    /**
     * Evaluates patient-facts JSON (patient-facts.md).
     *
     * @throws InvalidInputException listing every problem by JSON path; nothing is evaluated
     */
    public Evaluation evaluate(String json) {
        return evaluate(read(json, null));
    }

    /** Evaluates validated patient facts with the configured policy. */
    public Evaluation evaluate(PatientFacts patient) {
        return evaluate(patient, configuration.policy());
    }

    /** Evaluates validated patient facts with a policy of its own. */
    public Evaluation evaluate(PatientFacts patient, PolicySettings policy) {
        EngineRun run;
        try {
            run = engine.run(patient.facts(), policy);
        } catch (KnowledgeBaseException e) {
            throw new FacialCdsException(e.code(), String.join("; ", e.problems()));
        }
        return new Evaluation(patient.patient().id(), patient.patient().asOf(), knowledgeBaseInfo, ENGINE_VERSION,
                assembler.assemble(run.conclusions()), patient.warnings(), run.firedRules());
    }

    /** Every rule of the knowledge base, sorted by id. */
    public java.util.List<RuleSummary> rules() {
        return rules;
    }

    public KnowledgeBaseInfo knowledgeBase() {
        return knowledgeBaseInfo;
    }

    public Configuration configuration() {
        return configuration;
    }

    /** Releases the session pool. */
    @Override
    public void close() {
        engine.close();
    }
}
