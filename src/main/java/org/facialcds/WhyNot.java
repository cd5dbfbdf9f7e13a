package org.facialcds;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facialcds.engine.DrlSource;
import org.facialcds.engine.EngineRun;
import org.facialcds.engine.KnowledgeBase;
import org.facialcds.engine.Probes;
import org.facialcds.engine.RuleInfo;
import org.facialcds.facts.Code;
import org.facialcds.facts.Conclusion;
import org.facialcds.facts.Fact;
import org.facialcds.facts.Kind;
import org.facialcds.facts.PatientFacts;
import org.facialcds.facts.PolicySettings;

/**
 * Answers "why not CODE?" for one evaluated patient: finds the rules that could produce the code
 * (from their text), runs their condition-prefix probes over the patient's facts and the derived
 * conclusions, and names the first condition that failed, the unknown facts behind it, or the veto
 * or hold that removed the code. Follows a missing earlier conclusion a little way back.
 */
final class WhyNot {

    /** How many levels of missing earlier conclusions to follow. */
    static final int MAX_DEPTH = 2;
    /** Upstream questions with more candidate rules than this are not followed (too broad to help). */
    static final int MAX_UPSTREAM_RULES = 8;
    static final int MAX_FACTS_SHOWN = 6;

    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])([a-z][A-Za-z0-9_]*)");
    private static final Pattern CODE_CONSTRAINT = Pattern.compile("(?<![\\w.])code\\s*==\\s*Code\\s*\\.\\s*(\\w+)");
    private static final Pattern SUBJECT_CONSTRAINT = Pattern.compile("subject\\s*==\\s*Code\\s*\\.\\s*(\\w+)");
    private static final Set<String> UNKNOWN_VALUES = Set.of("NOT_DOCUMENTED", "UNKNOWN");
    private static final Map<String, String> WHERE_ABSENT = Map.of(
            "ImagingStudy", "$.imaging is empty",
            "Medication", "$.medications is empty",
            "Condition", "$.conditions is empty",
            "FacialPalsy", "$.history.facialPalsy is not documented",
            "ToxinHistory", "$.history.botulinumToxin is not documented");

    private final RuleBook book;
    private final Probes probes;
    private final KnowledgeBase knowledgeBase;
    private final PatientFacts patient;
    private final PolicySettings policy;
    private final EngineRun run;
    private final Evaluation evaluation;
    private final Set<String> visited = new HashSet<>();
    /** Set by {@link #upstream} when the missing conclusion was explained earlier in this answer. */
    private String seeAbove;

    WhyNot(RuleBook book, Probes probes, KnowledgeBase knowledgeBase, PatientFacts patient, PolicySettings policy,
           EngineRun run, Evaluation evaluation) {
        this.book = book;
        this.probes = probes;
        this.knowledgeBase = knowledgeBase;
        this.patient = patient;
        this.policy = policy;
        this.run = run;
        this.evaluation = evaluation;
    }

    Explanation explain(Code code) {
        visited.add(code + "/null");
        return explain(code, null, 0);
    }

    private Explanation explain(Code code, Code subject, int depth) {
        boolean present = subject == null && code.isPublic() ? evaluation.has(code) : derived(code, subject);
        List<RuleDescription> candidates = book.rules().stream()
                .filter(r -> r.id() != null && produces(r, code, subject)).toList();
        Map<String, Probes.Result> results = probes.run(patient.facts(), policy, run.conclusions(),
                candidates.stream().map(RuleDescription::id).toList());
        List<RuleCheck> checks = new ArrayList<>();
        for (RuleDescription r : candidates) checks.add(check(r, results.get(r.id()), code, subject, depth));
        return new Explanation(code, subject, depth == 0 ? patient.patient().id() : null, present, checks);
    }

    private boolean produces(RuleDescription r, Code code, Code subject) {
        for (RuleDescription.Output o : r.outputs()) {
            if (o.code() != code) continue;
            if (subject == null || o.subject() == subject) return true;
            if (o.subject() == null && o.generic()) {
                DrlSource.Rule source = book.source(r.id());
                if (source != null && source.codes().stream().anyMatch(c -> !c.inConsequence() && c.name().equals(subject.name()))) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean derived(Code code, Code subject) {
        return run.conclusions().stream().anyMatch(c -> c.code() == code && (subject == null || c.subject() == subject));
    }

    private RuleCheck check(RuleDescription r, Probes.Result result, Code code, Code subject, int depth) {
        DrlSource.Rule source = book.source(r.id());
        if (result == null || !result.available() || source == null) {
            return new RuleCheck(r.id(), r.name(), r.file(), r.line(), RuleCheck.Outcome.UNKNOWN, 0, 0, null, 0,
                    List.of(), List.of(), List.of(), List.of(), null);
        }
        if (result.allMatched()) {
            List<Conclusion> derivations = run.conclusions().stream()
                    .filter(c -> c.code() == code && (subject == null || c.subject() == subject) && r.id().equals(id(c)))
                    .toList();
            if (derivations.isEmpty()) {
                return outcome(r, RuleCheck.Outcome.NOT_PRODUCED, result.conditions(), List.of());
            }
            List<Removal> removals = removals(code, derivations);
            return outcome(r, removals.isEmpty() ? RuleCheck.Outcome.PRODUCED : RuleCheck.Outcome.REMOVED,
                    result.conditions(), removals);
        }
        DrlSource.Element element = source.elements().get(result.matched());
        List<String> unknown = new ArrayList<>();
        List<String> observed = new ArrayList<>();
        observe(element, unknown, observed);
        List<String> blockedBy = result.blockers().stream().map(b -> describeBlocker(b, element)).distinct().toList();
        Explanation upstream = depth < MAX_DEPTH ? upstream(element, code, depth) : null;
        if (upstream != null) observed.remove(upstream.code() + " was not derived");
        if (seeAbove != null) {
            int i = observed.indexOf(seeAbove + " was not derived");
            if (i >= 0) observed.set(i, seeAbove + " was not derived (see above)");
            seeAbove = null;
        }
        return new RuleCheck(r.id(), r.name(), r.file(), r.line(), RuleCheck.Outcome.NOT_MET, result.conditions(),
                result.matched() + 1, element.text(), element.line(), distinct(unknown), distinct(observed), blockedBy,
                List.of(), upstream);
    }

    private static RuleCheck outcome(RuleDescription r, RuleCheck.Outcome outcome, int conditions, List<Removal> removals) {
        return new RuleCheck(r.id(), r.name(), r.file(), r.line(), outcome, conditions, 0, null, 0, List.of(), List.of(),
                List.of(), removals, null);
    }

    // ------------------------------------------------------------------ removals

    private List<Removal> removals(Code code, List<Conclusion> derivations) {
        List<Removal> removals = new ArrayList<>();
        if (code.kind() != Kind.TREATMENT) return removals;
        for (Code veto : Code.values()) {
            if (veto.blocks() != code) continue;
            for (Recommendation rec : evaluation.all(veto)) {
                Set<String> rules = new LinkedHashSet<>();
                Set<String> facts = new LinkedHashSet<>();
                for (Because b : rec.because()) {
                    if (b.concludes() != null) continue;
                    rules.add(b.rule());
                    facts.addAll(b.facts());
                }
                removals.add(new Removal(veto, rec.reason(), String.join(", ", rules), shorten(facts)));
            }
        }
        for (Conclusion hold : run.conclusions()) {
            if (hold.code() != Code.WITHHELD || hold.subject() != code) continue;
            if (hold.premises().stream().noneMatch(p -> derivations.stream().anyMatch(d -> d == p))) continue;
            List<String> why = new ArrayList<>();
            for (Conclusion p : hold.premises()) {
                if (derivations.stream().anyMatch(d -> d == p)) continue;
                if (p.code() == Code.DATA_NEEDED) why.add("waits for " + p.field() + " (DATA_NEEDED)");
                else why.add("waits while " + p.code() + " (" + p.code().title() + ")");
            }
            removals.add(new Removal(Code.WITHHELD, null, id(hold), String.join("; ", why)));
        }
        return List.copyOf(new LinkedHashSet<>(removals));
    }

    private static String shorten(Collection<String> facts) {
        List<String> list = List.copyOf(facts);
        if (list.size() <= MAX_FACTS_SHOWN) return "on " + String.join("; ", list);
        return "on " + String.join("; ", list.subList(0, MAX_FACTS_SHOWN)) + "; … (" + (list.size() - MAX_FACTS_SHOWN) + " more)";
    }

    // ------------------------------------------------------------------ the failing condition

    private void observe(DrlSource.Element element, List<String> unknown, List<String> observed) {
        for (DrlSource.PatternText p : element.patterns()) {
            String constraints = DrlSource.mask(p.constraints());
            switch (p.type()) {
                case "Conclusion" -> {
                    if (element.negated()) continue;
                    Matcher m = CODE_CONSTRAINT.matcher(constraints);
                    while (m.find()) {
                        String name = m.group(1);
                        boolean any = run.conclusions().stream().anyMatch(c -> c.code().name().equals(name));
                        observed.add(any ? name + " is derived, but not as this condition asks"
                                : name + " was not derived");
                    }
                }
                case "PolicySettings" -> {
                    for (String prop : properties(PolicySettings.class, constraints)) {
                        observed.add("policy." + prop + " = " + render(read(policy, prop)));
                    }
                }
                default -> {
                    List<Fact> facts = patient.facts().stream().filter(f -> f.getClass().getSimpleName().equals(p.type())).toList();
                    if (facts.isEmpty()) {
                        String where = WHERE_ABSENT.get(p.type());
                        if (!element.negated()) {
                            observed.add("no " + p.type() + " in the patient's facts" + (where == null ? "" : " (" + where + ")"));
                        }
                        continue;
                    }
                    List<String> props = properties(facts.get(0).getClass(), constraints);
                    int shown = 0;
                    for (Fact f : facts) {
                        if (element.negated()) continue; // "blocked by" names them
                        String mismatch = mismatch(f, constraints);
                        if (mismatch != null) {
                            if (!element.negated()) observed.add("seen: " + f.path() + " is not a match: " + mismatch);
                            continue;
                        }
                        for (String prop : props) {
                            Object v = read(f, prop);
                            if (isUnknown(v)) {
                                unknown.add(path(f, prop));
                            } else if (shown++ < MAX_FACTS_SHOWN * 2) {
                                observed.add("seen: " + describe(f, prop, v));
                            }
                        }
                    }
                }
            }
        }
    }

    private static final Pattern SIMPLE = Pattern.compile(
            "^([a-z]\\w*)\\s*(==|!=|>=|<=|>|<|contains|not contains)\\s*([A-Za-z_]\\w*\\.[A-Z_][A-Z0-9_]*|true|false|-?\\d+(?:\\.\\d+)?)$");

    /**
     * The first simple constraint (property, operator, literal; no variables, no {@code ||}) that a
     * known value of this fact plainly fails, with the value; {@code null} when none does. Unknown
     * values never count as failing: they are reported as unknown.
     */
    private static String mismatch(Fact fact, String constraints) {
        for (String part : topLevel(constraints)) {
            Matcher m = SIMPLE.matcher(part.strip());
            if (!m.matches()) continue;
            Method accessor = accessor(fact.getClass(), m.group(1));
            if (accessor == null) continue;
            Object v = read(fact, m.group(1));
            if (isUnknown(v)) continue;
            Boolean holds = holds(v, m.group(2), m.group(3));
            if (Boolean.FALSE.equals(holds)) return part.strip() + " (" + m.group(1) + " = " + render(v) + ")";
        }
        return null;
    }

    private static Boolean holds(Object v, String op, String literal) {
        String name = literal.contains(".") ? literal.substring(literal.lastIndexOf('.') + 1) : literal;
        switch (op) {
            case "contains", "not contains" -> {
                if (!(v instanceof Collection<?> c)) return null;
                boolean in = c.stream().anyMatch(x -> String.valueOf(x).equals(name));
                return op.equals("contains") == in;
            }
            case "==", "!=" -> {
                boolean eq = String.valueOf(v).equals(name);
                return op.equals("==") == eq;
            }
            default -> {
                if (!(v instanceof Number n) || !name.matches("-?\\d+(\\.\\d+)?")) return null;
                double a = n.doubleValue();
                double b = Double.parseDouble(name);
                return switch (op) {
                    case ">=" -> a >= b;
                    case "<=" -> a <= b;
                    case ">" -> a > b;
                    default -> a < b;
                };
            }
        }
    }

    /** The constraints separated by top-level commas. */
    private static List<String> topLevel(String constraints) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < constraints.length(); i++) {
            char c = constraints.charAt(i);
            if (c == '(' || c == '[' || c == '{') depth++;
            else if (c == ')' || c == ']' || c == '}') depth--;
            else if (c == ',' && depth == 0) {
                parts.add(constraints.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(constraints.substring(start));
        return parts;
    }

    private String describeBlocker(Object blocker, DrlSource.Element element) {
        if (blocker instanceof Conclusion c) {
            StringBuilder s = new StringBuilder(c.code().name());
            if (c.subject() != null) s.append(" about ").append(c.subject());
            if (c.field() != null) s.append(' ').append(c.field());
            if (c.reason() != null) s.append(' ').append(c.reason());
            return s.append(" (").append(id(c)).append(')').toString();
        }
        if (blocker instanceof Fact f) {
            String constraints = element.patterns().stream()
                    .filter(p -> p.type().equals(f.getClass().getSimpleName()))
                    .map(p -> DrlSource.mask(p.constraints())).findFirst().orElse("");
            List<String> parts = new ArrayList<>();
            for (String prop : properties(f.getClass(), constraints)) parts.add(describe(f, prop, read(f, prop)));
            return parts.isEmpty() ? f.path() : String.join("; ", parts);
        }
        return String.valueOf(blocker);
    }

    /** The missing earlier conclusion a positive condition asks for, explained in turn. */
    private Explanation upstream(DrlSource.Element element, Code code, int depth) {
        if (element.negated() || element.patterns().size() != 1) return null;
        DrlSource.PatternText p = element.patterns().get(0);
        if (!p.type().equals("Conclusion")) return null;
        String constraints = DrlSource.mask(p.constraints());
        List<String> codes = all(CODE_CONSTRAINT, constraints);
        if (codes.size() != 1 || !isCode(codes.get(0))) return null;
        Code wanted = Code.valueOf(codes.get(0));
        List<String> subjects = all(SUBJECT_CONSTRAINT, constraints).stream().filter(WhyNot::isCode).toList();
        Code subject = subjects.contains(code.name()) ? code : subjects.size() == 1 ? Code.valueOf(subjects.get(0)) : null;
        if (derived(wanted, subject)) return null;
        if (!visited.add(wanted + "/" + subject)) {
            seeAbove = wanted.name();
            return null;
        }
        long candidates = book.rules().stream().filter(r -> r.id() != null && produces(r, wanted, subject)).count();
        if (candidates > MAX_UPSTREAM_RULES) return null;
        return explain(wanted, subject, depth + 1);
    }

    // ------------------------------------------------------------------ facts

    private static List<String> properties(Class<?> type, String constraints) {
        Set<String> props = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(constraints);
        while (m.find()) {
            if (accessor(type, m.group(1)) != null) props.add(m.group(1));
        }
        props.remove("path");
        return List.copyOf(props);
    }

    private static Method accessor(Class<?> type, String name) {
        try {
            Method method = type.getMethod(name);
            return Modifier.isStatic(method.getModifiers()) || method.getReturnType() == void.class ? null : method;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Object read(Object fact, String property) {
        Method accessor = accessor(fact.getClass(), property);
        try {
            return accessor == null ? null : accessor.invoke(fact);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static boolean isUnknown(Object value) {
        return value == null || (value instanceof Enum<?> e && UNKNOWN_VALUES.contains(e.name()));
    }

    private static String path(Fact fact, String property) {
        String path = fact.pathOf(property);
        return path.endsWith("." + property) || path.endsWith("." + property + "]") ? path : path + " (" + property + ")";
    }

    private static String describe(Fact fact, String property, Object value) {
        String path = fact.pathOf(property);
        String shown = render(value);
        return path.endsWith("." + property) ? path + " = " + shown : path + ": " + property + " = " + shown;
    }

    private static String render(Object value) {
        if (value == null) return "unknown";
        if (value instanceof Collection<?> c) return c.stream().map(String::valueOf).sorted().toList().toString();
        return value.toString();
    }

    private String id(Conclusion c) {
        RuleInfo info = c.rule() == null ? null : knowledgeBase.info(c.rule());
        return info == null ? (c.rule() == null ? "?" : c.rule().getName()) : info.id();
    }

    private static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) found.add(m.group(1));
        return found;
    }

    private static boolean isCode(String name) {
        for (Code c : Code.values()) if (c.name().equals(name)) return true;
        return false;
    }

    private static List<String> distinct(List<String> list) {
        return List.copyOf(new LinkedHashSet<>(list));
    }
}
