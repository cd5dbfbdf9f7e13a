package org.facialcds;

import java.util.List;

/**
 * What {@link RuleBook#lint()} found, sorted by file and line; {@code knowledgeBase} describes the
 * compiled rules, or is {@code null} when they do not compile.
 */
public record LintReport(List<LintIssue> issues, KnowledgeBaseInfo knowledgeBase) {

    public LintReport {
        issues = List.copyOf(issues);
    }

    public List<LintIssue> errors() {
        return issues.stream().filter(LintIssue::isError).toList();
    }

    public List<LintIssue> warnings() {
        return issues.stream().filter(i -> !i.isError()).toList();
    }

    /** No errors (warnings allowed). */
    public boolean ok() {
        return errors().isEmpty() && knowledgeBase != null;
    }
}
