package org.facialcds;

import java.util.List;

/**
 * How one rule that can produce a code fared for one patient. {@link Outcome#NOT_MET}: condition
 * number {@code condition} of {@code conditions} (its text and line below) did not hold;
 * {@code unknown} lists the JSON paths of the facts it constrains that the input leaves unknown,
 * {@code observed} the values it saw, {@code blockedBy} what makes a {@code not …} condition fail,
 * and {@code upstream} why the earlier conclusion that condition needs is missing.
 * {@link Outcome#REMOVED}: every condition held and the rule derived the code, then {@code removals}
 * took it out of the result (a veto, or a suggestion withheld for missing data).
 */
public record RuleCheck(
        String rule,
        String name,
        String file,
        int line,
        Outcome outcome,
        int conditions,
        int condition,
        String conditionText,
        int conditionLine,
        List<String> unknown,
        List<String> observed,
        List<String> blockedBy,
        List<Removal> removals,
        Explanation upstream) {

    /** What happened to the rule. */
    public enum Outcome {
        /** A condition did not hold. */
        NOT_MET,
        /** The rule derived the code; a veto or a hold removed it from the result. */
        REMOVED,
        /** The rule derived the code and it is in the result (or it is an internal step). */
        PRODUCED,
        /** Every condition held, but the consequence produced something else for this patient. */
        NOT_PRODUCED,
        /** The rule's conditions could not be probed. */
        UNKNOWN
    }

    public RuleCheck {
        unknown = List.copyOf(unknown);
        observed = List.copyOf(observed);
        blockedBy = List.copyOf(blockedBy);
        removals = List.copyOf(removals);
    }
}
