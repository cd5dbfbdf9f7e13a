package org.facialcds;

import java.util.List;
import java.util.stream.Collectors;
import org.facialcds.facts.InputProblem;

/** The patient input is invalid: every problem, by JSON path. Nothing was evaluated. */
public final class InvalidInputException extends FacialCdsException {

    public static final String CODE = "FCDS-0101";
    private final List<InputProblem> problems;

    public InvalidInputException(List<InputProblem> problems) {
        super(CODE, "invalid patient input (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "):\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<InputProblem> problems() {
        return problems;
    }
}
