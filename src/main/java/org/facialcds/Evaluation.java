package org.facialcds;

import java.time.LocalDate;
import java.util.List;
import org.facialcds.facts.Code;

/**
 * The result of evaluating one patient: recommendations for a clinician (decision support, never
 * orders), warnings about the data, and which knowledge base and engine produced them.
 * {@code firedRules} lists the {@code @id}s of every rule that fired, sorted, for audit and coverage.
 */
public record Evaluation(
        String patientId,
        LocalDate asOf,
        KnowledgeBaseInfo knowledgeBase,
        String engineVersion,
        List<Recommendation> recommendations,
        List<String> warnings,
        List<String> firedRules) {

    /** The statement every user-facing output carries. */
    public static final String DISCLAIMER =
            "Decision support only: these are suggestions for a clinician, not a diagnosis or an order.";

    public Evaluation {
        recommendations = List.copyOf(recommendations);
        warnings = List.copyOf(warnings);
        firedRules = List.copyOf(firedRules);
    }

    /** Whether a recommendation with this code is in the result. */
    public boolean has(Code code) {
        return recommendations.stream().anyMatch(r -> r.code() == code);
    }

    /** The recommendations with this code (several for an {@code AVOID_…} with several reasons). */
    public List<Recommendation> all(Code code) {
        return recommendations.stream().filter(r -> r.code() == code).toList();
    }
}
