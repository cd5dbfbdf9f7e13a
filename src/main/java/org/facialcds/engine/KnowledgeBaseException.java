package org.facialcds.engine;

import java.util.List;

/** The knowledge base cannot be built: every problem, each as {@code file:line: message} where it has a place. */
public final class KnowledgeBaseException extends RuntimeException {

    private final String code;
    private final List<String> problems;

    public KnowledgeBaseException(String code, List<String> problems) {
        super(code + ": " + String.join("; ", problems));
        this.code = code;
        this.problems = List.copyOf(problems);
    }

    public String code() {
        return code;
    }

    public List<String> problems() {
        return problems;
    }
}
