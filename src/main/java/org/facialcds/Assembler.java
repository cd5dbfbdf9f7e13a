package org.facialcds;

import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.facialcds.engine.KnowledgeBase;
import org.facialcds.engine.RuleInfo;
import org.facialcds.facts.Code;
import org.facialcds.facts.Conclusion;
import org.facialcds.facts.Fact;
import org.facialcds.facts.Kind;
import org.facialcds.facts.Urgency;

/**
 * Turns the conclusions in working memory into the result: a veto removes the suggestion it
 * blocks, a withheld suggestion waits, derivations of one recommendation merge, and each keeps
 * its reasoning back to the input facts.
 */
final class Assembler {

    /**
     * Per fact class, a getter per property read, compiled on first use (LambdaMetafactory) so that
     * reading a property while rendering the reasoning is a plain call, not reflection.
     */
    private static final ClassValue<Map<String, Function<Object, Object>>> ACCESSORS = new ClassValue<>() {
        @Override
        protected Map<String, Function<Object, Object>> computeValue(Class<?> type) {
            return new java.util.concurrent.ConcurrentHashMap<>();
        }
    };

    /** No such property: the reasoning shows "unknown", as it did with reflection. */
    private static final Function<Object, Object> NONE = fact -> null;

    private static Function<Object, Object> getter(Class<?> type, String property) {
        return ACCESSORS.get(type).computeIfAbsent(property, name -> {
            for (Method m : type.getMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == 0 && m.getReturnType() != void.class) {
                    return getter(type, m);
                }
            }
            return NONE;
        });
    }

    @SuppressWarnings("unchecked")
    private static Function<Object, Object> getter(Class<?> type, Method m) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodHandle handle = lookup.unreflect(m);
            MethodType instantiated = MethodType.methodType(m.getReturnType(), type).wrap().changeParameterType(0, type);
            return (Function<Object, Object>) LambdaMetafactory.metafactory(lookup, "apply",
                    MethodType.methodType(Function.class), MethodType.methodType(Object.class, Object.class), handle,
                    instantiated).getTarget().invoke();
        } catch (Throwable e) {
            return fact -> {
                try {
                    return m.invoke(fact);
                } catch (ReflectiveOperationException failure) {
                    throw new IllegalStateException("cannot read " + m.getName() + " of " + type.getName(), failure);
                }
            };
        }
    }

    private final KnowledgeBase knowledgeBase;
    private final boolean captureReasoning;

    Assembler(KnowledgeBase knowledgeBase, boolean captureReasoning) {
        this.knowledgeBase = knowledgeBase;
        this.captureReasoning = captureReasoning;
    }

    List<Recommendation> assemble(List<Conclusion> conclusions) {
        Set<Code> vetoed = new LinkedHashSet<>();
        Set<Conclusion> withheld = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<Code, List<Conclusion>> cautions = new HashMap<>();
        for (Conclusion c : conclusions) {
            if (c.code().blocks() != null) vetoed.add(c.code().blocks());
            if (c.code() == Code.WITHHELD) {
                c.premises().stream().filter(f -> f.code() == c.subject()).forEach(withheld::add);
            }
            if (c.code() == Code.CAUTION && c.detail() != null) {
                cautions.computeIfAbsent(c.subject(), k -> new ArrayList<>()).add(c);
            }
        }
        Map<List<Object>, List<Conclusion>> groups = new LinkedHashMap<>();
        for (Conclusion c : conclusions) {
            if (!c.code().isPublic()) continue;
            if (c.kind() == Kind.TREATMENT && (vetoed.contains(c.code()) || withheld.contains(c))) continue;
            groups.computeIfAbsent(groupKey(c), k -> new ArrayList<>()).add(c);
        }
        List<Recommendation> result = new ArrayList<>();
        Map<Conclusion, Because> steps = captureReasoning ? new IdentityHashMap<>() : null;
        for (List<Conclusion> group : groups.values()) {
            result.add(recommendation(mostUrgent(group), cautionTexts(cautions.get(group.get(0).code())), steps));
        }
        result.sort(ORDER);
        return result;
    }

    /**
     * The cautions on one suggestion, ordered by rule id and text: working memory gives them in an
     * order that differs between a fresh and a reused pooled session, and the result must not.
     */
    private List<String> cautionTexts(List<Conclusion> cautions) {
        if (cautions == null) return List.of();
        if (cautions.size() == 1) return List.of(cautions.get(0).detail());
        List<Conclusion> sorted = new ArrayList<>(cautions);
        sorted.sort(Comparator.comparing((Conclusion c) -> info(c).id()).thenComparing(Conclusion::detail));
        List<String> texts = new ArrayList<>(sorted.size());
        for (Conclusion c : sorted) texts.add(c.detail());
        return texts;
    }

    private static final Comparator<Recommendation> ORDER = Comparator
            .comparing(Recommendation::kind)
            .thenComparing(r -> r.urgency() == null ? Urgency.ROUTINE.ordinal() + 1 : r.urgency().ordinal())
            .thenComparing(Recommendation::code)
            .thenComparing(r -> r.reason() == null ? "" : r.reason().name())
            .thenComparing(r -> r.field() == null ? "" : r.field());

    /** One recommendation per code; a veto once per reason; DATA_NEEDED once per field. */
    private static List<Object> groupKey(Conclusion c) {
        return switch (c.kind()) {
            case AVOID -> List.of(c.code(), String.valueOf(c.reason()));
            case DATA_NEEDED -> List.of(c.code(), String.valueOf(c.field()));
            default -> List.of(c.code());
        };
    }

    /** An alert or referral derived at several urgencies keeps the most urgent. */
    private static List<Conclusion> mostUrgent(List<Conclusion> group) {
        Urgency top = group.stream().map(Conclusion::urgency).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
        return top == null ? group : group.stream().filter(c -> c.urgency() == top).toList();
    }

    private Recommendation recommendation(List<Conclusion> derivations, List<String> cautions, Map<Conclusion, Because> steps) {
        List<Conclusion> sorted = derivations.size() == 1 ? derivations : byRuleThenFacts(derivations);
        Conclusion first = sorted.get(0);
        Code code = first.code();
        String detail = null;
        for (Conclusion c : sorted) {
            if (c.detail() != null) {
                detail = c.detail();
                break;
            }
        }
        if (detail == null) detail = code.detail();
        return new Recommendation(code, code.kind(), code.title(), detail, evidence(sorted), first.urgency(),
                first.reason(), first.field(), List.copyOf(new LinkedHashSet<>(cautions)),
                captureReasoning ? because(sorted, steps) : List.of());
    }

    /**
     * Sorted by rule id, then by the text of the matched facts (stable). The facts text (records
     * rendered whole) is made only for derivations of one rule that differ in what the result takes
     * from them (urgency, reason, field, detail); otherwise their order cannot show.
     */
    private List<Conclusion> byRuleThenFacts(List<Conclusion> derivations) {
        List<Keyed<Conclusion>> keyed = new ArrayList<>(derivations.size());
        for (Conclusion c : derivations) keyed.add(new Keyed<>(c, info(c).id(), () -> c.facts().toString()));
        keyed.sort(Comparator.comparing(k -> k.key));
        List<Conclusion> sorted = new ArrayList<>(keyed.size());
        int i = 0;
        while (i < keyed.size()) {
            int j = i + 1;
            boolean alike = true;
            while (j < keyed.size() && keyed.get(j).key.equals(keyed.get(i).key)) {
                alike &= sameOutput(keyed.get(i).value, keyed.get(j).value);
                j++;
            }
            List<Keyed<Conclusion>> run = keyed.subList(i, j);
            if (!alike) run.sort(Keyed.ORDER);
            for (Keyed<Conclusion> k : run) sorted.add(k.value);
            i = j;
        }
        return sorted;
    }

    /** Whether the result would take the same urgency, reason, field and detail from either derivation. */
    private static boolean sameOutput(Conclusion a, Conclusion b) {
        return a.urgency() == b.urgency() && a.reason() == b.reason() && Objects.equals(a.field(), b.field())
                && Objects.equals(a.detail(), b.detail());
    }

    /** A value with a sort key and a tie-breaking text made only when needed. */
    private static final class Keyed<T> {
        static final Comparator<Keyed<?>> ORDER = Comparator.<Keyed<?>, String>comparing(k -> k.key)
                .thenComparing(Keyed::tie);
        final T value;
        final String key;
        private java.util.function.Supplier<String> tieSource;
        private String tie;

        Keyed(T value, String key, java.util.function.Supplier<String> tie) {
            this.value = value;
            this.key = key;
            this.tieSource = tie;
        }

        String tie() {
            if (tie == null) {
                tie = tieSource.get();
                tieSource = null;
            }
            return tie;
        }
    }

    private Evidence evidence(List<Conclusion> derivations) {
        String scheme = null;
        String level = null;
        Set<String> sources = new LinkedHashSet<>();
        for (Conclusion c : derivations) {
            RuleInfo info = info(c);
            if (info.evidence() != null) sources.add(info.evidence());
            if (level == null && info.level() != null) {
                String[] parts = splitLevel(info.level());
                scheme = parts.length == 2 ? parts[0] : null;
                level = parts.length == 2 ? parts[1] : parts[0];
            }
        }
        return new Evidence(level, scheme, List.copyOf(sources));
    }

    /** {@code level.trim().split("\\s+", 2)} without compiling a pattern per call: scheme and level ("AAN B"). */
    static String[] splitLevel(String level) {
        String s = level.trim();
        int space = 0;
        while (space < s.length() && !isRegexSpace(s.charAt(space))) space++;
        if (space == s.length()) return new String[] {s};
        int rest = space;
        while (rest < s.length() && isRegexSpace(s.charAt(rest))) rest++;
        return new String[] {s.substring(0, space), s.substring(rest)};
    }

    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** The order of the reasoning steps: what they conclude, the rule, the facts, the premises. */
    private static final Comparator<StepKey> STEP_ORDER = Comparator
            .comparing((StepKey k) -> k.concludes)
            .thenComparing(k -> k.step.rule())
            .thenComparing(StepKey::facts)
            .thenComparing(StepKey::from);

    /** A step with its sort keys, the list texts made once and only when the comparison gets that far. */
    private static final class StepKey {
        final Because step;
        final String concludes;
        private String facts;
        private String from;

        StepKey(Because step) {
            this.step = step;
            this.concludes = step.concludes() == null ? "" : step.concludes();
        }

        String facts() {
            if (facts == null) facts = step.facts().toString();
            return facts;
        }

        String from() {
            if (from == null) from = step.from().toString();
            return from;
        }
    }

    /**
     * The recommendation's own derivations, then the internal steps they built on (which are not
     * recommendations of their own), each once, in a stable order. {@code steps} remembers the step
     * of each conclusion for the whole result, since recommendations share their premises.
     */
    private List<Because> because(List<Conclusion> derivations, Map<Conclusion, Because> steps) {
        List<StepKey> found = new ArrayList<>();
        Set<Conclusion> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Conclusion> pending = new ArrayList<>();
        for (Conclusion c : derivations) {
            seen.add(c);
            found.add(new StepKey(steps.computeIfAbsent(c, d -> step(d, null))));
            pending.add(c);
        }
        while (!pending.isEmpty()) {
            Conclusion c = pending.remove(pending.size() - 1);
            for (Conclusion from : c.premises()) {
                if (!from.code().isPublic() && seen.add(from)) {
                    found.add(new StepKey(steps.computeIfAbsent(from, d -> step(d, d.code().name()))));
                    pending.add(from);
                }
            }
        }
        found.sort(STEP_ORDER);
        List<Because> result = new ArrayList<>(found.size());
        StepKey previous = null;
        for (StepKey k : found) {
            if (previous == null || STEP_ORDER.compare(previous, k) != 0) result.add(k.step);
            previous = k;
        }
        return List.copyOf(result);
    }

    private Because step(Conclusion c, String concludes) {
        RuleInfo info = info(c);
        List<String> facts = new ArrayList<>();
        for (Fact fact : c.facts()) facts.addAll(describe(fact, info));
        List<String> from;
        if (c.premises().isEmpty()) {
            from = List.of();
        } else {
            Set<String> names = new LinkedHashSet<>();
            for (Conclusion p : c.premises()) names.add(p.code().name());
            from = List.copyOf(names);
        }
        return new Because(info.id(), info.file(), facts, from, concludes);
    }

    private static List<String> describe(Fact fact, RuleInfo info) {
        List<String> properties = info.propertiesOf(fact.getClass());
        if (properties.isEmpty()) return List.of(fact.path());
        List<String> lines = new ArrayList<>();
        for (String property : properties) {
            String path = fact.pathOf(property);
            String value = render(read(fact, property));
            lines.add(path.endsWith("." + property) ? path + " = " + value : path + ": " + property + " = " + value);
        }
        return lines;
    }

    private static Object read(Fact fact, String property) {
        return getter(fact.getClass(), property).apply(fact);
    }

    private static String render(Object value) {
        if (value == null) return "unknown";
        if (value instanceof Set<?> set) {
            return set.stream().map(String::valueOf).sorted().toList().toString();
        }
        return value.toString();
    }

    private RuleInfo info(Conclusion c) {
        RuleInfo info = knowledgeBase.info(c.rule());
        if (info == null) throw new IllegalStateException("no metadata for rule " + c.rule().getName());
        return info;
    }
}
