package org.facialcds;

import java.util.Locale;

/**
 * One problem the rule linter found, at {@code file:line}: an {@link Severity#ERROR} stops the
 * knowledge base from being used (compile errors, ids, evidence, unknown codes, {@code eval},
 * printing, salience, package/folder mismatch); a {@link Severity#WARNING} is house style (short
 * names, an undeclared policy parameter). {@code check} is a stable name for the check.
 */
public record LintIssue(Severity severity, String check, String file, int line, String rule, String message) {

    /** How serious a finding is. */
    public enum Severity { ERROR, WARNING }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line: error: message [check]}, the form compilers and editors understand. */
    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + severity.name().toLowerCase(Locale.ROOT) + ": " + message
                + " [" + check + "]";
    }
}
