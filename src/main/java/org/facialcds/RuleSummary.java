package org.facialcds;

/**
 * What a rule of the knowledge base declares: its {@code @id}, name (a short sentence), file,
 * {@code @evidence}, optional {@code @level} and the policy parameters it reads ({@code @policy}).
 */
public record RuleSummary(String id, String name, String file, String evidence, String level, String policy) {
}
