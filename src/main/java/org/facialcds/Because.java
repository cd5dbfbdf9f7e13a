package org.facialcds;

import java.util.List;

/**
 * One step of reasoning: the rule (its {@code @id}) and file, the input facts it matched, and the
 * codes of the conclusions it built on. {@code concludes} names the internal reasoning step this
 * entry explains when it is not the recommendation itself (e.g. {@code HFS_FEATURES}).
 */
public record Because(String rule, String file, List<String> facts, List<String> from, String concludes) {

    public Because {
        facts = List.copyOf(facts);
        from = List.copyOf(from);
    }
}
