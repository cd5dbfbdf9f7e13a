package org.facialcds.engine;

import java.util.List;
import java.util.Map;

/**
 * What a rule declares: {@code @id}, name, file, {@code @evidence}, optional {@code @level}
 * ("AAN B") and {@code @policy}, and, per fact type it matches, the properties its constraints
 * read (so the reasoning can name the exact input fields).
 */
public record RuleInfo(
        String id,
        String name,
        String packageName,
        String file,
        String evidence,
        String level,
        String policy,
        Map<Class<?>, List<String>> properties) {

    public RuleInfo {
        properties = Map.copyOf(properties);
    }

    /** The properties this rule constrains on facts of this type (empty if none or unknown). */
    public List<String> propertiesOf(Class<?> type) {
        return properties.getOrDefault(type, List.of());
    }
}
