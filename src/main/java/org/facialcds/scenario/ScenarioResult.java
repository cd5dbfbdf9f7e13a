package org.facialcds.scenario;

import java.util.List;
import org.facialcds.Evaluation;

/**
 * The outcome of one scenario: what was missing, what should not be there, rules that did not fire,
 * safety invariants that broke, or the error that stopped it. {@link #report()} is the readable diff.
 */
public record ScenarioResult(
        Scenario scenario,
        Evaluation evaluation,
        List<Expectation> missing,
        List<String> unexpected,
        List<String> rulesNotFired,
        List<String> invariantViolations,
        String error) {

    public ScenarioResult {
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        rulesNotFired = List.copyOf(rulesNotFired);
        invariantViolations = List.copyOf(invariantViolations);
    }

    public boolean passed() {
        return error == null && missing.isEmpty() && unexpected.isEmpty() && rulesNotFired.isEmpty()
                && invariantViolations.isEmpty();
    }

    /** The failure as a readable diff: missing codes, unexpected codes with their reasoning, broken invariants. */
    public String report() {
        StringBuilder s = new StringBuilder(scenario.name()).append("  (").append(scenario.file()).append(")\n");
        if (error != null) return s.append("  error: ").append(error).append('\n').toString();
        for (Expectation e : missing) s.append("  - missing:    ").append(e).append('\n');
        for (String u : unexpected) s.append("  + unexpected: ").append(u).append('\n');
        for (String r : rulesNotFired) s.append("  ! rule did not fire: ").append(r).append('\n');
        for (String v : invariantViolations) s.append("  ! invariant: ").append(v).append('\n');
        if (evaluation != null && !passed()) {
            s.append("  result was: ");
            s.append(String.join(", ", evaluation.recommendations().stream().map(ScenarioRunner::label).toList()));
            s.append('\n');
        }
        return s.toString();
    }
}
