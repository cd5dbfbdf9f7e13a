package org.facialcds;

import java.util.List;

/** The rule files do not compile: every problem as {@code file:line: message}. */
public final class RuleCompilationException extends FacialCdsException {

    public static final String CODE = "FCDS-0201";
    private final List<String> problems;

    public RuleCompilationException(List<String> problems) {
        super(CODE, "the rules do not compile (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "):\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem as {@code file:line: message}. */
    public List<String> problems() {
        return problems;
    }
}
