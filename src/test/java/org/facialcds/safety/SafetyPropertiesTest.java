package org.facialcds.safety;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import org.facialcds.Because;
import org.facialcds.Evaluation;
import org.facialcds.FacialCds;
import org.facialcds.Recommendation;
import org.facialcds.RuleSummary;
import org.facialcds.engine.Engine;
import org.facialcds.engine.KnowledgeBase;
import org.facialcds.engine.RuleFiles;
import org.facialcds.facts.Code;
import org.facialcds.facts.Fact;
import org.facialcds.facts.PatientFacts;
import org.facialcds.facts.PolicySettings;
import org.facialcds.scenario.ScenarioRunner;

/**
 * Safety properties over random patients (docs/safety.md). Each property holds for every valid
 * patient-facts document; a failure is shrunk to a minimal patient and printed as its JSON.
 * CI sample: the {@code tries} below with a fixed seed; {@code mvn test -Pdeep} runs 100,000 per property.
 */
@AddLifecycleHook(Safety.Tries.class)
class SafetyPropertiesTest {

    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final PolicySettings POLICY = PolicySettings.DEFAULTS;

    @Provide
    Arbitrary<PatientCase> patients() {
        return PatientGen.patients();
    }

    static FacialCds cds() {
        return Safety.cds();
    }

    static PatientFacts read(JsonNode json) {
        return cds().read(json, null);
    }

    static Evaluation evaluate(JsonNode json) {
        return cds().evaluate(read(json));
    }

    static Set<Code> codes(Evaluation e) {
        Set<Code> codes = EnumSet.noneOf(Code.class);
        e.recommendations().forEach(r -> codes.add(r.code()));
        return codes;
    }

    static Set<Code> drugs(Evaluation e) {
        Set<Code> d = codes(e);
        d.removeIf(c -> !c.isDrug());
        return d;
    }

    static Set<Code> confident(Evaluation e) {
        Set<Code> d = codes(e);
        d.retainAll(Oracle.CONFIDENT);
        return d;
    }

    // ---- 1. vetoes ---------------------------------------------------------------------------

    @Property(tries = 2000, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.BOUNDED)
    void whenAnyPatient_thenNoVetoedTreatmentIsSuggested(@ForAll("patients") PatientCase p) {
        Census.verdict("vetoes", p.json(), vetoes(p.json()), SafetyPropertiesTest::vetoes);
    }

    static List<String> vetoes(ObjectNode json) {
        PatientFacts facts = read(json);
        Evaluation e = cds().evaluate(facts);
        Census.cover(codes(e));
        List<String> broken = new ArrayList<>(ScenarioRunner.invariants(e));
        for (Map.Entry<Code, List<String>> v : Oracle.vetoed(facts, e, POLICY).entrySet()) {
            if (e.has(v.getKey())) broken.add(v.getKey() + " suggested although vetoed by " + v.getValue());
        }
        return broken;
    }

    // ---- 2. no confident label beside a lesion or an incomplete work-up ---------------------

    @Property(tries = 2000, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.BOUNDED)
    void whenLesionOrCtOnly_thenNoBenignOrPrimaryLabel(@ForAll("patients") PatientCase p) {
        Census.verdict("confident labels", p.json(), confidentLabels(p.json()), SafetyPropertiesTest::confidentLabels);
    }

    static List<String> confidentLabels(ObjectNode json) {
        PatientFacts facts = read(json);
        Evaluation e = cds().evaluate(facts);
        List<String> broken = new ArrayList<>();
        for (Code label : confident(e)) {
            List<String> why = Oracle.confidentLabelBlockers(facts, label, POLICY);
            if (!why.isEmpty()) broken.add(label + " beside " + why);
        }
        return broken;
    }

    // ---- 3. microvascular decompression ------------------------------------------------------

    @Property(tries = 2000, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.BOUNDED)
    void whenMvdSuggested_thenMriDoneNotPregnantAndPrimary(@ForAll("patients") PatientCase p) {
        Census.verdict("MVD", p.json(), mvd(p.json()), SafetyPropertiesTest::mvd);
    }

    static List<String> mvd(ObjectNode json) {
        PatientFacts facts = read(json);
        Evaluation e = cds().evaluate(facts);
        List<String> broken = new ArrayList<>();
        if (e.has(Code.TX_MVD_CONSULT)) {
            if (!Oracle.mriCounts(facts)) broken.add("no MRI DONE since onset");
            if (Oracle.isTrue(facts.patient().pregnant())) broken.add("pregnant");
            if (Oracle.structuralFinding(facts) || Oracle.demyelinationFinding(facts) || Oracle.knownTumour(facts)
                    || Oracle.knownMsWithTwitching(facts) || e.has(Code.DX_HFS_SECONDARY)
                    || e.has(Code.DX_STRUCTURAL_LESION) || e.has(Code.DX_DEMYELINATION_SUSPECTED)) {
                broken.add("secondary cause");
            }
            if (!e.has(Code.DX_HFS_PRIMARY)) broken.add("no DX_HFS_PRIMARY");
        }
        return broken.stream().map(b -> "TX_MVD_CONSULT with " + b).toList();
    }

    // ---- 4. alerts ----------------------------------------------------------------------------

    @Property(tries = 2000, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.BOUNDED)
    void whenAlert_thenNoReassuranceOnlyAndEmergencyReferral(@ForAll("patients") PatientCase p) {
        Census.verdict("alerts", p.json(), alerts(p.json()), SafetyPropertiesTest::alerts);
    }

    static List<String> alerts(ObjectNode json) {
        return Oracle.alertProblems(evaluate(json));
    }

    // ---- 5. drugs wait for the medication list and pregnancy status ---------------------------

    @Property(tries = 2000, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.BOUNDED)
    void whenMedicationsOrPregnancyUnknown_thenNoDrugSuggestion(@ForAll("patients") PatientCase p) {
        Census.verdict("drugs wait for data", p.json(), drugsWait(p.json()), SafetyPropertiesTest::drugsWait);
    }

    static List<String> drugsWait(ObjectNode json) {
        PatientFacts facts = read(json);
        Evaluation e = cds().evaluate(facts);
        List<String> broken = new ArrayList<>();
        Set<Code> drugs = drugs(e);
        if (!drugs.isEmpty() && !facts.patient().medicationsDocumented()) {
            broken.add(drugs + " while $.medications is absent");
        }
        if (!drugs.isEmpty() && Oracle.pregnancyBlocksDrugs(facts)) {
            broken.add(drugs + " while pregnancy is unknown (sex " + facts.patient().sex() + ", age "
                    + facts.patient().age() + ")");
        }
        return broken;
    }

    // ---- 6. unknown is never more confident than both known values --------------------------

    /** A nullable boolean or enum field and its known values. */
    record Nullable(String path, List<JsonNode> values) {
    }

    static final List<Nullable> NULLABLE = nullableFields();

    static List<Nullable> nullableFields() {
        List<Nullable> all = new ArrayList<>();
        List<JsonNode> bools = List.of(F.booleanNode(true), F.booleanNode(false));
        for (String b : List.of("pregnant", "breastfeeding", "preferences.declinesInjections",
                "preferences.wantsDefinitiveTreatment", "lifestyle.highStress", "history.headNeckRadiation",
                "history.priorEyelidSurgery", "history.visualEpisode", "history.falls",
                "history.botulinumToxin.hypersensitivity", "history.botulinumToxin.injectionSiteInfection")) {
            all.add(new Nullable(b, bools));
        }
        for (String b : List.of("onsetAbrupt", "progressive", "continuous", "persistsInSleep", "spreadSinceOnset",
                "sensoryTrick", "increasedBlinking", "photophobia", "canSuppress", "premonitoryUrge", "browLiftSign",
                "triggeredByVoluntaryMovement", "impairedAwareness", "spreadsToLimb", "distractible", "painful")) {
            all.add(new Nullable("twitching." + b, bools));
        }
        for (String b : PatientGen.RED_FLAG_EXAM) all.add(new Nullable("exam." + b, bools));
        all.add(enumField("sex", org.facialcds.facts.Sex.class));
        all.add(enumField("mriSafety", org.facialcds.facts.MriSafety.class));
        all.add(enumField("eeg", org.facialcds.facts.Eeg.class));
        all.add(enumField("lifestyle.alcoholUse", org.facialcds.facts.AlcoholUse.class));
        all.add(enumField("twitching.laterality", org.facialcds.facts.Laterality.class));
        all.add(enumField("twitching.firstRegion", org.facialcds.facts.Region.class));
        all.add(enumField("twitching.movement", org.facialcds.facts.Movement.class));
        all.add(enumField("exam.neuroExam", org.facialcds.facts.NeuroExam.class));
        all.add(enumField("history.facialPalsy.side", org.facialcds.facts.Side.class));
        all.add(enumField("history.facialPalsy.cause", org.facialcds.facts.PalsyCause.class));
        all.add(enumField("history.facialPalsy.recovery", org.facialcds.facts.Recovery.class));
        all.add(enumField("history.botulinumToxin.response", org.facialcds.facts.ToxinResponse.class));
        for (int i = 0; i < 3; i++) {
            all.add(enumField("medications[" + i + "].route", org.facialcds.facts.Route.class));
            all.add(new Nullable("imaging[" + i + "].contrast", bools));
            all.add(enumField("imaging[" + i + "].protocol", org.facialcds.facts.Protocol.class));
        }
        return List.copyOf(all);
    }

    static Nullable enumField(String path, Class<? extends Enum<?>> type) {
        return new Nullable(path, PatientGen.names(type).stream().map(n -> (JsonNode) F.textNode(n)).toList());
    }

    /** Whether the field can be set here without inventing a palsy, a toxin history or a list element. */
    static boolean applicable(ObjectNode json, Nullable f) {
        String path = f.path();
        int dot = path.lastIndexOf('.');
        if (dot < 0) return true;
        String parent = path.substring(0, dot);
        if (parent.startsWith("history.facialPalsy") || parent.startsWith("history.botulinumToxin")
                || parent.contains("[")) {
            JsonNode node = Json.get(json, parent);
            return node != null && node.isObject();
        }
        return true;
    }

    /**
     * A documented NORMAL neurological exam documents the absence of the exam's signs (the red flags
     * depend on it, §10 rule 23): a sign left unknown beside it is not tested against "true".
     */
    static boolean coveredByNormalExam(ObjectNode unknown, Nullable f) {
        JsonNode neuro = Json.get(unknown, "exam.neuroExam");
        return f.path().startsWith("exam.") && !f.path().equals("exam.neuroExam")
                && neuro != null && "NORMAL".equals(neuro.asText());
    }

    @Property(tries = 800, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.BOUNDED)
    void whenFieldUnknown_thenNoMoreConfidentThanEitherKnownValue(@ForAll("patients") PatientCase p,
            @ForAll @IntRange(min = 0, max = 1000) int pick) {
        Census.verdict("unknown is not false", p.json(), unknownIsNotFalse(p.json(), pick),
                json -> unknownIsNotFalse(json, pick));
    }

    /** Every absent field of the patient, and one present field (chosen by {@code pick}) made absent. */
    static List<String> unknownIsNotFalse(ObjectNode json, int pick) {
        List<String> broken = new ArrayList<>();
        List<Nullable> present = new ArrayList<>();
        Evaluation asGiven = evaluate(json);
        for (Nullable f : NULLABLE) {
            if (!applicable(json, f)) continue;
            if (Json.get(json, f.path()) == null) {
                if (!confident(asGiven).isEmpty()) check(json.deepCopy(), asGiven, f, broken);
            } else {
                present.add(f);
            }
        }
        if (!present.isEmpty()) {
            Nullable f = present.get(pick % present.size());
            ObjectNode unknown = json.deepCopy();
            Json.remove(unknown, f.path());
            Evaluation e = evaluate(unknown);
            if (!confident(e).isEmpty()) check(unknown, e, f, broken);
        }
        return broken;
    }

    /**
     * Where the twitching happens now ({@code regions}, documented) documents whether it has spread; and
     * §10 rule 7 names the unknowns that block a confident label (exam, medication list, pregnancy,
     * laterality): the course ({@code progressive}) is not among them — the return precautions cover it.
     */
    static boolean notBlockingBySpec(ObjectNode unknown, Nullable f) {
        if (f.path().equals("twitching.progressive")) return true;
        JsonNode regions = Json.get(unknown, "twitching.regions");
        boolean regionsDocumented = regions != null && regions.isArray() && regions.size() > 0;
        return regionsDocumented
                && (f.path().equals("twitching.spreadSinceOnset") || f.path().equals("twitching.spreadsToLimb"));
    }

    private static void check(ObjectNode unknown, Evaluation unknownResult, Nullable f, List<String> broken) {
        if (coveredByNormalExam(unknown, f) || notBlockingBySpec(unknown, f)) return;
        Set<Code> labels = confident(unknownResult);
        for (JsonNode value : f.values()) {
            ObjectNode known = unknown.deepCopy();
            Json.set(known, f.path(), value);
            Set<Code> lost = EnumSet.copyOf(labels);
            lost.removeAll(confident(evaluate(known)));
            if (!lost.isEmpty()) {
                broken.add("$." + f.path() + " unknown gives " + lost + ", " + value + " does not");
            }
        }
    }

    // ---- 7. determinism and order independence ---------------------------------------------

    private static final ExecutorService OTHER_THREAD = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "safety-other-thread");
        t.setDaemon(true);
        return t;
    });

    private static final class Direct {
        static final KnowledgeBase KB = KnowledgeBase.compile(RuleFiles.fromDirectory(Path.of("rules")));
        static final Engine ENGINE = new Engine(KB, 2);
    }

    @AfterContainer
    static void finish() {
        OTHER_THREAD.shutdownNow();
        String census = Census.report();
        if (!census.isEmpty()) System.out.println("Safety census (docs/safety.md):" + census);
    }

    /** Everything a clinician or an auditor sees, as text. */
    static List<String> signature(Evaluation e) {
        return e.recommendations().stream().map(r -> r.code() + "|" + r.kind() + "|" + r.urgency() + "|"
                + r.reason() + "|" + r.field() + "|" + r.detail() + "|" + r.cautions() + "|" + r.evidence() + "|"
                + r.because()).toList();
    }

    /** The same, with list positions blanked out, as a sorted multiset (positions change when lists are shuffled). */
    static List<String> orderFree(Evaluation e) {
        return e.recommendations().stream().map(r -> blank(r.code() + "|" + r.urgency() + "|" + r.reason() + "|"
                        + r.field() + "|" + r.detail() + "|" + new TreeSet<>(r.cautions()) + "|"
                        + r.because().stream().map(b -> blank(b.rule() + b.from() + b.concludes() + "<"
                                + new TreeSet<>(b.facts().stream().map(SafetyPropertiesTest::blank).toList()) + ">"))
                        .collect(Collectors.toCollection(TreeSet::new))))
                .sorted().toList();
    }

    static String blank(String s) {
        return s.replaceAll("\\[\\d+]", "[*]");
    }

    static List<String> conclusions(List<? extends Fact> facts) {
        return Direct.ENGINE.run(facts, POLICY).conclusions().stream()
                .map(c -> c.toString() + "|" + c.detail()).sorted().toList();
    }

    @Property(tries = 500, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.BOUNDED)
    void whenEvaluatedAgainShuffledOrOnAnotherThread_thenSameResult(@ForAll("patients") PatientCase p,
            @ForAll long shuffleSeed) {
        Census.verdict("determinism", p.json(), determinism(p.json(), shuffleSeed),
                json -> determinism(json, shuffleSeed));
    }

    static List<String> determinism(ObjectNode json, long shuffleSeed) {
        List<String> broken = new ArrayList<>();
        Evaluation first = evaluate(json);
        Evaluation again = evaluate(json);
        Evaluation elsewhere;
        try {
            elsewhere = OTHER_THREAD.submit(() -> evaluate(json)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (!signature(again).equals(signature(first))) broken.add("evaluated twice: different results");
        if (!again.firedRules().equals(first.firedRules())) broken.add("evaluated twice: different rules fired");
        if (!signature(elsewhere).equals(signature(first))) broken.add("on another thread: different results");

        Random random = new Random(shuffleSeed);
        JsonNode shuffled = Json.shuffled(json, random);
        Evaluation reordered = evaluate(shuffled);
        if (!orderFree(reordered).equals(orderFree(first))) {
            broken.add("lists and keys shuffled: different results " + diff(orderFree(first), orderFree(reordered)));
        }
        if (!reordered.firedRules().equals(first.firedRules())) broken.add("lists shuffled: different rules fired");

        List<Fact> facts = new ArrayList<>(read(json).facts());
        List<String> inOrder = conclusions(facts);
        java.util.Collections.shuffle(facts, random);
        List<String> otherOrder = conclusions(facts);
        if (!otherOrder.equals(inOrder)) {
            broken.add("facts inserted in another order: different conclusions " + diff(inOrder, otherOrder));
        }
        return broken;
    }

    static String diff(List<String> a, List<String> b) {
        List<String> onlyA = new ArrayList<>(a);
        b.forEach(onlyA::remove);
        List<String> onlyB = new ArrayList<>(b);
        a.forEach(onlyB::remove);
        return "-" + onlyA + " +" + onlyB;
    }

    // ---- 8. monotone safety: a contraindication never adds a drug -----------------------------

    /** A contraindication: how to make the neutral base, and how to add it. */
    record Contra(String name, Predicate<ObjectNode> applies, Consumer<ObjectNode> base, Consumer<ObjectNode> add) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Contra> CONTRAS = contraindications();

    static List<Contra> contraindications() {
        List<Contra> all = new ArrayList<>();
        Predicate<ObjectNode> always = j -> true;
        for (String c : List.of("OPIOID", "BENZODIAZEPINE", "AMINOGLYCOSIDE", "NEUROMUSCULAR_BLOCKER")) {
            all.add(new Contra("current " + c, always, j -> list(j, "medications"),
                    j -> list(j, "medications").add(F.objectNode().set("classes", F.arrayNode().add(c)))));
        }
        for (String c : List.of("MYASTHENIA_GRAVIS", "LAMBERT_EATON", "ALS", "MOTOR_NEUROPATHY", "DYSPHAGIA",
                "OBSTRUCTIVE_SLEEP_APNEA", "RESPIRATORY_INSUFFICIENCY", "SEVERE_HEPATIC_DISEASE",
                "ANGLE_CLOSURE_GLAUCOMA", "SUBSTANCE_USE_DISORDER")) {
            all.add(new Contra(c, always, j -> list(j, "conditions"),
                    j -> list(j, "conditions").add(F.objectNode().put("code", c))));
        }
        all.add(new Contra("pregnancy", always, j -> j.put("sex", "FEMALE").put("pregnant", false),
                j -> j.put("pregnant", true)));
        all.add(new Contra("breastfeeding", always, j -> j.put("breastfeeding", false),
                j -> j.put("breastfeeding", true)));
        all.add(new Contra("toxin hypersensitivity", always,
                j -> Json.set(j, "history.botulinumToxin.hypersensitivity", F.booleanNode(false)),
                j -> Json.set(j, "history.botulinumToxin.hypersensitivity", F.booleanNode(true))));
        all.add(new Contra("injection-site infection", always,
                j -> Json.set(j, "history.botulinumToxin.injectionSiteInfection", F.booleanNode(false)),
                j -> Json.set(j, "history.botulinumToxin.injectionSiteInfection", F.booleanNode(true))));
        all.add(new Contra("injection 30 days ago", always,
                j -> Json.set(j, "history.botulinumToxin.lastInjectionDate", F.textNode(asOf(j).minusDays(400).toString())),
                j -> Json.set(j, "history.botulinumToxin.lastInjectionDate", F.textNode(asOf(j).minusDays(30).toString()))));
        // Age 60–64 → 65: crosses only the Beers age (not 16, 55 or the older-exposure age 60), and with an
        // onset under 19 years ago the age at onset stays above 40.
        all.add(new Contra("age 65", j -> {
            JsonNode age = j.get("age");
            JsonNode duration = Json.get(j, "twitching.durationDays");
            JsonNode onset = Json.get(j, "twitching.onsetDate");
            long days = duration != null ? duration.asLong()
                    : onset != null ? java.time.temporal.ChronoUnit.DAYS.between(LocalDate.parse(onset.asText()), asOf(j))
                    : 0;
            return age != null && age.asInt() >= 60 && age.asInt() <= 64 && days < 19 * 365;
        }, j -> { }, j -> j.put("age", 65)));
        all.add(new Contra("eGFR 30 from 65", j -> j.get("age") != null && j.get("age").asInt() >= 65,
                j -> Json.set(j, "labs.egfr", F.numberNode(90)), j -> Json.set(j, "labs.egfr", F.numberNode(30))));
        return List.copyOf(all);
    }

    static ArrayNode list(ObjectNode j, String name) {
        JsonNode n = j.get(name);
        if (n instanceof ArrayNode a) return a;
        return j.putArray(name);
    }

    static LocalDate asOf(ObjectNode j) {
        return LocalDate.parse(j.get("asOf").asText());
    }

    @Property(tries = 1500, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.BOUNDED)
    void whenContraindicationAdded_thenNoDrugSuggestionAdded(@ForAll("patients") PatientCase p,
            @ForAll @IntRange(min = 0, max = 1000) int pick) {
        Contra contra = CONTRAS.get(pick % CONTRAS.size());
        Census.verdict("monotone safety", p.json(), monotone(p.json(), contra), json -> monotone(json, contra));
    }

    static List<String> monotone(ObjectNode json, Contra contra) {
        ObjectNode base = json.deepCopy();
        if (!contra.applies().test(base)) return List.of();
        contra.base().accept(base);
        ObjectNode added = base.deepCopy();
        contra.add().accept(added);
        Set<Code> before = drugs(evaluate(base));
        Set<Code> after = drugs(evaluate(added));
        after.removeAll(before);
        return after.isEmpty() ? List.of() : List.of("adding " + contra + " adds " + after);
    }

    // ---- 9. reasoning and codes --------------------------------------------------------------

    static final Set<String> RULE_IDS = cds().rules().stream().map(RuleSummary::id)
            .collect(Collectors.toUnmodifiableSet());

    @Property(tries = 2000, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.BOUNDED)
    void whenAnyRecommendation_thenPublicCodeAndReasoningEndsInInputFacts(@ForAll("patients") PatientCase p) {
        Census.verdict("reasoning", p.json(), reasoning(p.json()), SafetyPropertiesTest::reasoning);
    }

    static List<String> reasoning(ObjectNode json) {
        Evaluation e = evaluate(json);
        List<String> broken = new ArrayList<>();
        for (Recommendation r : e.recommendations()) {
            if (!r.code().isPublic()) broken.add(r.code() + " is not a public catalogue code");
            if (r.kind() != r.code().kind()) broken.add(r.code() + " has kind " + r.kind());
            if (r.because().isEmpty()) {
                broken.add(r.code() + " has no because");
                continue;
            }
            if (!grounded(r, e, new java.util.HashSet<>())) {
                broken.add(r.code() + " has no chain of steps that ends in an input fact: " + r.because());
            }
            for (Because b : r.because()) {
                if (b.rule() == null || !RULE_IDS.contains(b.rule())) broken.add(r.code() + " cites rule " + b.rule());
                if (b.file() == null || !b.file().startsWith("rules/")) broken.add(r.code() + " cites file " + b.file());
            }
        }
        for (String id : e.firedRules()) {
            if (!RULE_IDS.contains(id)) broken.add("fired rule " + id + " is not in rules()");
        }
        return broken;
    }

    /**
     * Whether the reasoning reaches the input: some step names input facts, or builds on another
     * recommendation of the result (named in {@code from}) whose reasoning does.
     */
    static boolean grounded(Recommendation r, Evaluation e, Set<Recommendation> seen) {
        if (!seen.add(r)) return false;
        for (Because b : r.because()) {
            if (!b.facts().isEmpty()) return true;
            for (String from : b.from()) {
                Code code = Code.valueOf(from);
                if (!code.isPublic()) continue; // internal steps are listed in the same because
                for (Recommendation premise : e.all(code)) {
                    if (grounded(premise, e, seen)) return true;
                }
            }
        }
        return false;
    }
}
