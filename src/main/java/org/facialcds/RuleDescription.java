package org.facialcds;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.facialcds.facts.Code;

/**
 * A rule as its authors wrote it: {@code @id}, name, file and line, {@code @evidence}, optional
 * {@code @level}, the policy parameters it declares ({@code @policy}) and reads, and what its
 * consequence can produce.
 */
public record RuleDescription(
        String id,
        String name,
        String file,
        int line,
        String evidence,
        String level,
        List<String> policy,
        List<String> policyRead,
        List<Output> outputs) {

    public RuleDescription {
        policy = List.copyOf(policy);
        policyRead = List.copyOf(policyRead);
        outputs = List.copyOf(outputs);
    }

    /**
     * One thing a consequence can produce: a code, with the step's {@code subject} (for
     * {@code about}/{@code caution}), the {@code field} of a {@code DATA_NEEDED}, or the urgency or
     * reason written with it ({@code qualifier}). {@code generic} when the code is decided at run
     * time (e.g. {@code conclude(kcontext, $need.subject())}): then {@code code} is one of the
     * codes the conditions allow.
     */
    public record Output(Code code, Code subject, String field, String qualifier, boolean generic) {

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(code.name());
            if (subject != null) s.append(" about ").append(subject.name());
            if (field != null) s.append(' ').append(field);
            if (qualifier != null) s.append(" (").append(qualifier).append(')');
            if (generic) s.append(" (computed)");
            return s.toString();
        }
    }

    /** The codes this rule can conclude, each once, in order. */
    public List<Code> codes() {
        Set<Code> codes = new LinkedHashSet<>();
        outputs.forEach(o -> codes.add(o.code()));
        return List.copyOf(codes);
    }

    /** Whether this rule can conclude the code (about this subject, when one is given). */
    public boolean produces(Code code, Code subject) {
        return outputs.stream().anyMatch(o -> o.code() == code && (subject == null || o.subject() == subject));
    }
}
