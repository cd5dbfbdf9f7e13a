package org.facialcds;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.facialcds.engine.Engine;
import org.facialcds.engine.EngineRun;
import org.facialcds.engine.KnowledgeBase;
import org.facialcds.engine.KnowledgeBaseException;
import org.facialcds.engine.Probes;
import org.facialcds.engine.RuleFiles;
import org.facialcds.facts.Code;
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

    private final RuleFiles ruleFiles;
    private volatile RuleBook ruleBook;

    private FacialCds(Configuration configuration) {
        this.configuration = configuration;
        this.ruleFiles = read(configuration.rulesDirectory());
        KnowledgeBase kb = compile(ruleFiles);
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
        return compile(read(rulesDirectory));
    }

    private static RuleFiles read(Path rulesDirectory) {
        try {
            return rulesDirectory == null ? RuleFiles.bundled() : RuleFiles.fromDirectory(rulesDirectory);
        } catch (KnowledgeBaseException e) {
            throw new RuleCompilationException(e.problems());
        }
    }

    private static KnowledgeBase compile(RuleFiles files) {
        try {
            return KnowledgeBase.compile(files);
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
        return evaluation(patient, run(patient, policy), assembler);
    }

    private EngineRun run(PatientFacts patient, PolicySettings policy) {
        try {
            return engine.run(patient.facts(), policy);
        } catch (KnowledgeBaseException e) {
            throw new FacialCdsException(e.code(), String.join("; ", e.problems()));
        }
    }

    private Evaluation evaluation(PatientFacts patient, EngineRun run, Assembler with) {
        return new Evaluation(patient.patient().id(), patient.patient().asOf(), knowledgeBaseInfo, ENGINE_VERSION,
                with.assemble(run.conclusions()), patient.warnings(), run.firedRules());
    }

    /**
     * Why is this code not in the result? For every rule that could produce it: the first condition
     * this patient's facts do not meet (and the unknown facts behind it), or the veto or hold that
     * removed what the rule derived. Uses the configured policy.
     */
    public Explanation whyNot(PatientFacts patient, Code code) {
        return whyNot(patient, configuration.policy(), code);
    }

    /** {@link #whyNot(PatientFacts, Code)} with a policy of its own. */
    public Explanation whyNot(PatientFacts patient, PolicySettings policy, Code code) {
        EngineRun run = run(patient, policy);
        Assembler reasoning = new Assembler(engine.knowledgeBase(), true);
        Evaluation evaluation = evaluation(patient, run, reasoning);
        Probes probes = Probes.of(ruleFiles, knowledgeBaseInfo.sha256());
        return new WhyNot(ruleBook(), probes, engine.knowledgeBase(), patient, policy, run, evaluation).explain(code);
    }

    /**
     * Why is this code in the result? Its derivation tree, from the recommendation back to the
     * input facts (one tree per derivation); empty when the code is not in the result.
     */
    public List<Derivation> why(PatientFacts patient, Code code) {
        return why(patient, configuration.policy(), code);
    }

    /** {@link #why(PatientFacts, Code)} with a policy of its own. */
    public List<Derivation> why(PatientFacts patient, PolicySettings policy, Code code) {
        Evaluation evaluation = evaluation(patient, run(patient, policy), new Assembler(engine.knowledgeBase(), true));
        Map<String, RuleSummary> byId = new HashMap<>();
        rules.forEach(r -> byId.put(r.id(), r));
        return Derivations.of(evaluation, code, byId);
    }

    /** The rules as written: metadata, what each can produce, the policy each reads; and the linter. */
    public RuleBook ruleBook() {
        RuleBook book = ruleBook;
        if (book == null) {
            book = RuleBook.of(ruleFiles);
            ruleBook = book;
        }
        return book;
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
