package org.facialcds;

import java.util.List;

/**
 * One step of the derivation tree of a recommendation ("why?"): the {@code code} a rule concluded,
 * the rule ({@code @id}, name, file), the input facts it matched and the earlier conclusions it
 * built on, each a derivation of its own. {@code rule} is {@code null} for a conclusion that is
 * not in the result (e.g. a treatment a veto removed).
 */
public record Derivation(String code, String rule, String name, String file, List<String> facts, List<Derivation> from) {

    public Derivation {
        facts = List.copyOf(facts);
        from = List.copyOf(from);
    }

    /** The tree as indented text, one conclusion per line with the facts below it. */
    public static String text(List<Derivation> roots) {
        StringBuilder s = new StringBuilder();
        for (Derivation d : roots) d.append(s, 0);
        return s.toString();
    }

    private void append(StringBuilder s, int depth) {
        String indent = "  ".repeat(depth);
        s.append(indent).append(depth == 0 ? "" : "<- ").append(code);
        if (rule != null) {
            s.append("  by ").append(rule);
            if (name != null) s.append(": ").append(name);
        } else {
            s.append("  (not in the result)");
        }
        s.append('\n');
        String factIndent = indent + (depth == 0 ? "   " : "     ");
        for (String f : facts) s.append(factIndent).append("on ").append(f).append('\n');
        for (Derivation d : from) d.append(s, depth + 1);
    }
}
