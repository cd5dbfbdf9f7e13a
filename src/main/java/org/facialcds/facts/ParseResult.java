package org.facialcds.facts;

import java.util.List;

/** The outcome of reading a patient input: the facts, or every problem found (then {@code facts} is null). */
public record ParseResult(PatientFacts facts, List<InputProblem> problems) {

    public ParseResult {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
