package org.facialcds;

import java.util.List;
import org.facialcds.facts.Code;

/**
 * The answer to "why is this code not in the result?" for one patient: whether it is there after
 * all ({@code present}), and for every rule that could produce it ({@code rules}) the first
 * condition this patient's facts did not meet, the unknown fact behind it, or the veto or hold that
 * removed what the rule derived. {@code subject} is set on the nested explanations of internal
 * steps about a treatment or study (e.g. {@code IMAGING_INDICATED} about {@code IMG_MRI_HFS_PROTOCOL}).
 *
 * <pre>
 * Explanation e = cds.whyNot(cds.read(json, null), Code.DX_HFS_PRIMARY);
 * System.out.print(e.text());
 * </pre>
 */
public record Explanation(Code code, Code subject, String patientId, boolean present, List<RuleCheck> rules) {

    public Explanation {
        rules = List.copyOf(rules);
    }

    /** The explanation as text for a rule author or a clinician, ending with the disclaimer. */
    public String text() {
        StringBuilder s = new StringBuilder();
        s.append("Why not ").append(code).append('?');
        if (patientId != null) s.append("  (patient ").append(patientId).append(')');
        s.append('\n');
        if (present) {
            s.append(code).append(" is in the result; ask why instead (facial-cds explain --why ").append(code)
                    .append(").\n");
        } else if (rules.isEmpty()) {
            s.append("No rule of the knowledge base concludes ").append(code).append(".\n");
        } else {
            s.append(code).append(" is not in the result. ").append(rules.size())
                    .append(rules.size() == 1 ? " rule can produce it:\n" : " rules can produce it:\n");
        }
        for (RuleCheck r : rules) {
            s.append('\n');
            append(s, r, "", code);
        }
        s.append('\n').append(Evaluation.DISCLAIMER).append('\n');
        return s.toString();
    }

    private static void append(StringBuilder s, RuleCheck r, String indent, Code code) {
        s.append(indent).append(r.rule()).append("  ").append(r.name()).append('\n');
        s.append(indent).append("  ").append(r.file()).append(':').append(r.line()).append('\n');
        String in = indent + "  ";
        switch (r.outcome()) {
            case NOT_MET -> {
                s.append(in).append("condition ").append(r.condition()).append(" of ").append(r.conditions())
                        .append(" not met (line ").append(r.conditionLine()).append("):\n");
                s.append(in).append("    ").append(oneLine(r.conditionText())).append('\n');
                for (String u : r.unknown()) s.append(in).append("  unknown: ").append(u).append('\n');
                for (String o : r.observed()) s.append(in).append("  ").append(o).append('\n');
                for (String b : r.blockedBy()) s.append(in).append("  blocked by: ").append(b).append('\n');
                Explanation up = r.upstream();
                if (up != null) {
                    String what = up.code() + (up.subject() == null ? "" : " about " + up.subject());
                    if (up.rules().isEmpty()) {
                        s.append(in).append("  no rule concludes ").append(what).append('\n');
                    } else {
                        s.append(in).append("  ").append(what).append(" was not derived:\n");
                        for (RuleCheck u : up.rules()) append(s, u, in + "    ", up.code());
                    }
                }
            }
            case REMOVED -> {
                s.append(in).append("all ").append(r.conditions()).append(" conditions met: it derived ").append(code)
                        .append(", then\n");
                for (Removal m : r.removals()) s.append(in).append("  ").append(m).append('\n');
            }
            case PRODUCED -> s.append(in).append("all ").append(r.conditions()).append(" conditions met: it derived ")
                    .append(code).append(code.isPublic() ? "\n" : " (an internal step, never shown in the result)\n");
            case NOT_PRODUCED -> s.append(in).append("all ").append(r.conditions())
                    .append(" conditions met, but for this patient it concluded something else\n");
            case UNKNOWN -> s.append(in).append("its conditions could not be checked one by one\n");
            default -> { }
        }
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
