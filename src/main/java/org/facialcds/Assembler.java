package org.facialcds;

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

    private static final ClassValue<Map<String, Method>> ACCESSORS = new ClassValue<>() {
        @Override
        protected Map<String, Method> computeValue(Class<?> type) {
            Map<String, Method> methods = new HashMap<>();
            for (Method m : type.getMethods()) {
                if (m.getParameterCount() == 0) methods.put(m.getName(), m);
            }
            return methods;
        }
    };

    private final KnowledgeBase knowledgeBase;
    private final boolean captureReasoning;

    Assembler(KnowledgeBase knowledgeBase, boolean captureReasoning) {
        this.knowledgeBase = knowledgeBase;
        this.captureReasoning = captureReasoning;
    }

    List<Recommendation> assemble(List<Conclusion> conclusions) {
        Set<Code> vetoed = new LinkedHashSet<>();
        Set<Conclusion> withheld = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<Code, List<String>> cautions = new HashMap<>();
        for (Conclusion c : conclusions) {
            if (c.code().blocks() != null) vetoed.add(c.code().blocks());
            if (c.code() == Code.WITHHELD) {
                c.premises().stream().filter(f -> f.code() == c.subject()).forEach(withheld::add);
            }
            if (c.code() == Code.CAUTION && c.detail() != null) {
                cautions.computeIfAbsent(c.subject(), k -> new ArrayList<>()).add(c.detail());
            }
        }
        Map<List<Object>, List<Conclusion>> groups = new LinkedHashMap<>();
        for (Conclusion c : conclusions) {
            if (!c.code().isPublic()) continue;
            if (c.kind() == Kind.TREATMENT && (vetoed.contains(c.code()) || withheld.contains(c))) continue;
            groups.computeIfAbsent(groupKey(c), k -> new ArrayList<>()).add(c);
        }
        List<Recommendation> result = new ArrayList<>();
        for (List<Conclusion> group : groups.values()) {
            result.add(recommendation(mostUrgent(group), cautions.getOrDefault(group.get(0).code(), List.of())));
        }
        result.sort(ORDER);
        return result;
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

    private Recommendation recommendation(List<Conclusion> derivations, List<String> cautions) {
        List<Conclusion> sorted = new ArrayList<>(derivations);
        sorted.sort(Comparator.comparing((Conclusion c) -> info(c).id()).thenComparing(c -> c.facts().toString()));
        Conclusion first = sorted.get(0);
        Code code = first.code();
        String detail = sorted.stream().map(Conclusion::detail).filter(Objects::nonNull).findFirst()
                .orElse(code.detail());
        return new Recommendation(code, code.kind(), code.title(), detail, evidence(sorted), first.urgency(),
                first.reason(), first.field(), List.copyOf(new LinkedHashSet<>(cautions)),
                captureReasoning ? because(sorted) : List.of());
    }

    private Evidence evidence(List<Conclusion> derivations) {
        String scheme = null;
        String level = null;
        Set<String> sources = new LinkedHashSet<>();
        for (Conclusion c : derivations) {
            RuleInfo info = info(c);
            if (info.evidence() != null) sources.add(info.evidence());
            if (level == null && info.level() != null) {
                String[] parts = info.level().trim().split("\\s+", 2);
                scheme = parts.length == 2 ? parts[0] : null;
                level = parts.length == 2 ? parts[1] : parts[0];
            }
        }
        return new Evidence(level, scheme, List.copyOf(sources));
    }

    private static final Comparator<Because> STEP_ORDER = Comparator
            .comparing((Because b) -> b.concludes() == null ? "" : b.concludes())
            .thenComparing(Because::rule)
            .thenComparing(b -> b.facts().toString())
            .thenComparing(b -> b.from().toString());

    /**
     * The recommendation's own derivations, then the internal steps they built on (which are not
     * recommendations of their own), each once, in a stable order.
     */
    private List<Because> because(List<Conclusion> derivations) {
        Set<Because> steps = new java.util.TreeSet<>(STEP_ORDER);
        Set<Conclusion> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Conclusion> pending = new ArrayList<>();
        for (Conclusion c : derivations) {
            seen.add(c);
            steps.add(step(c, null));
            pending.add(c);
        }
        while (!pending.isEmpty()) {
            Conclusion c = pending.remove(pending.size() - 1);
            for (Conclusion from : c.premises()) {
                if (!from.code().isPublic() && seen.add(from)) {
                    steps.add(step(from, from.code().name()));
                    pending.add(from);
                }
            }
        }
        return List.copyOf(steps);
    }

    private Because step(Conclusion c, String concludes) {
        RuleInfo info = info(c);
        List<String> facts = new ArrayList<>();
        for (Fact fact : c.facts()) facts.addAll(describe(fact, info));
        List<String> from = c.premises().stream().map(f -> f.code().name()).distinct().toList();
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
        Method accessor = ACCESSORS.get(fact.getClass()).get(property);
        try {
            return accessor == null ? null : accessor.invoke(fact);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + property + " of " + fact.path(), e);
        }
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
