package org.facialcds.cli;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.facialcds.Because;
import org.facialcds.Evaluation;
import org.facialcds.Evidence;
import org.facialcds.KnowledgeBaseInfo;
import org.facialcds.Recommendation;
import org.facialcds.facts.Kind;

/** The {@code text} format: a short report for clinicians, grouped by kind, ending with the disclaimer. */
final class TextReport {

    /** How many input facts the "because:" line shows before "…". */
    static final int FACTS_SHOWN = 3;

    private static final Map<Kind, String> HEADINGS = new EnumMap<>(Kind.class);

    static {
        HEADINGS.put(Kind.ALERT, "Alerts");
        HEADINGS.put(Kind.DIAGNOSIS, "Diagnosis hypotheses");
        HEADINGS.put(Kind.IMAGING, "Imaging");
        HEADINGS.put(Kind.TEST, "Tests");
        HEADINGS.put(Kind.REFERRAL, "Referrals");
        HEADINGS.put(Kind.TREATMENT, "Treatments");
        HEADINGS.put(Kind.LIFESTYLE, "Lifestyle");
        HEADINGS.put(Kind.AVOID, "Avoid");
        HEADINGS.put(Kind.DATA_NEEDED, "Data needed");
    }

    private TextReport() {
    }

    static String render(Evaluation e) {
        StringBuilder s = new StringBuilder();
        s.append("Patient: ").append(e.patientId() == null ? "(no id)" : e.patientId()).append('\n');
        s.append("As of: ").append(e.asOf()).append('\n');
        KnowledgeBaseInfo kb = e.knowledgeBase();
        s.append("Knowledge base: ");
        if (kb != null) {
            s.append(kb.name()).append(' ').append(kb.version()).append(", ");
        }
        s.append("engine ").append(e.engineVersion()).append('\n');

        if (e.recommendations().isEmpty()) {
            s.append("\nNo recommendations.\n");
        }
        for (Map.Entry<Kind, String> heading : HEADINGS.entrySet()) {
            List<Recommendation> group = e.recommendations().stream()
                    .filter(r -> r.kind() == heading.getKey()).toList();
            if (group.isEmpty()) {
                continue;
            }
            s.append('\n').append(heading.getValue()).append('\n');
            for (Recommendation r : group) {
                line(s, r);
            }
        }
        if (!e.warnings().isEmpty()) {
            s.append("\nWarnings\n");
            for (String w : e.warnings()) {
                s.append("  - ").append(w).append('\n');
            }
        }
        s.append('\n').append(Evaluation.DISCLAIMER).append('\n');
        return s.toString();
    }

    private static void line(StringBuilder s, Recommendation r) {
        s.append("  ").append(r.code()).append("  ").append(r.title());
        List<String> tags = new ArrayList<>();
        if (r.urgency() != null) {
            tags.add("urgency " + r.urgency());
        }
        if (r.reason() != null) {
            tags.add("reason " + r.reason());
        }
        if (r.field() != null) {
            tags.add("field " + r.field());
        }
        Evidence ev = r.evidence();
        if (ev != null && ev.level() != null) {
            tags.add("evidence " + (ev.scheme() == null ? "" : ev.scheme() + " ") + ev.level());
        }
        if (!tags.isEmpty()) {
            s.append("  [").append(String.join("; ", tags)).append(']');
        }
        s.append('\n');
        if (!r.because().isEmpty()) {
            s.append("      because: ").append(because(r.because())).append('\n');
        }
        for (String caution : r.cautions()) {
            s.append("      caution: ").append(caution).append('\n');
        }
    }

    /** The rule ids, then the first few input facts they matched. */
    static String because(List<Because> steps) {
        Set<String> rules = new LinkedHashSet<>();
        Set<String> facts = new LinkedHashSet<>();
        for (Because b : steps) {
            if (b.rule() != null) {
                rules.add(b.rule());
            }
            facts.addAll(b.facts());
        }
        StringBuilder s = new StringBuilder(String.join(", ", rules));
        if (!facts.isEmpty()) {
            List<String> shown = facts.stream().limit(FACTS_SHOWN).toList();
            s.append(" — ").append(String.join("; ", shown));
            if (facts.size() > FACTS_SHOWN) {
                s.append("; … (").append(facts.size() - FACTS_SHOWN).append(" more)");
            }
        }
        return s.toString();
    }
}
