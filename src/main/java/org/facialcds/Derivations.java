package org.facialcds;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.facialcds.facts.Code;

/** Builds the derivation tree of a recommendation ("why?") from the reasoning the result carries. */
final class Derivations {

    /** Deeper than this the tree stops (the rules do not chain further in practice). */
    static final int MAX_DEPTH = 12;

    private final Evaluation evaluation;
    private final Map<String, RuleSummary> rules;

    private Derivations(Evaluation evaluation, Map<String, RuleSummary> rules) {
        this.evaluation = evaluation;
        this.rules = rules;
    }

    /** One tree per derivation of the code; empty when the code is not in the result. */
    static List<Derivation> of(Evaluation evaluation, Code code, Map<String, RuleSummary> rules) {
        Derivations d = new Derivations(evaluation, rules);
        List<Derivation> roots = new ArrayList<>();
        for (Recommendation r : evaluation.all(code)) roots.addAll(d.top(r, new HashSet<>(Set.of(code.name())), 0));
        return roots;
    }

    private List<Derivation> top(Recommendation r, Set<String> path, int depth) {
        List<Derivation> nodes = new ArrayList<>();
        for (Because b : r.because()) {
            if (b.concludes() == null) nodes.add(node(r.code().name(), b, r, path, depth));
        }
        return nodes;
    }

    private Derivation node(String code, Because b, Recommendation owner, Set<String> path, int depth) {
        List<Derivation> from = new ArrayList<>();
        if (depth < MAX_DEPTH) {
            for (String premise : b.from()) {
                if (!path.add(premise)) continue; // a cycle: already on this branch
                from.addAll(premise(premise, owner, path, depth + 1));
                path.remove(premise);
            }
        }
        RuleSummary rule = rules.get(b.rule());
        return new Derivation(code, b.rule(), rule == null ? null : rule.name(), b.file(), b.facts(), from);
    }

    private List<Derivation> premise(String code, Recommendation owner, Set<String> path, int depth) {
        List<Derivation> nodes = new ArrayList<>();
        for (Because b : owner.because()) {
            if (code.equals(b.concludes())) nodes.add(node(code, b, owner, path, depth));
        }
        if (!nodes.isEmpty()) return nodes;
        Code c = parse(code);
        if (c != null && evaluation.has(c)) {
            for (Recommendation r : evaluation.all(c)) nodes.addAll(top(r, path, depth));
            return nodes;
        }
        return List.of(new Derivation(code, null, null, null, List.of(), List.of()));
    }

    private static Code parse(String name) {
        try {
            return Code.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
