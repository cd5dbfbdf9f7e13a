package org.facialcds.facts;

import java.util.List;
import org.kie.api.definition.rule.Rule;

/**
 * A derived fact: a recommendation or an internal reasoning step, with the reason it holds: the
 * rule that concluded it, the input facts that rule matched, and the earlier conclusions it
 * built on. Rules insert conclusions logically, so a conclusion disappears by itself when what
 * justified it no longer holds.
 *
 * <p>Equality is identity: two derivations of the same code are two facts, each with its reason.
 */
public record Conclusion(
        Code code,
        Urgency urgency,
        Reason reason,
        String field,
        Code subject,
        String detail,
        Rule rule,
        List<Fact> facts,
        List<Conclusion> premises) {

    public Conclusion {
        facts = List.copyOf(facts);
        premises = List.copyOf(premises);
    }

    public Kind kind() {
        return code.kind();
    }

    /** Whether the treatment this conclusion suggests, or is about, is a drug. */
    public boolean drug() {
        return (subject != null ? subject : code).isDrug();
    }

    /** The same conclusion with another detail text. */
    public Conclusion withDetail(String text) {
        return new Conclusion(code, urgency, reason, field, subject, text, rule, facts, premises);
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(code.name());
        if (urgency != null) s.append(' ').append(urgency);
        if (reason != null) s.append(' ').append(reason);
        if (field != null) s.append(' ').append(field);
        if (subject != null) s.append(" of ").append(subject);
        return s.append(" by ").append(rule == null ? "?" : rule.getName()).toString();
    }
}
