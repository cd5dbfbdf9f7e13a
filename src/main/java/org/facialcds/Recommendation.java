package org.facialcds;

import java.util.List;
import org.facialcds.facts.Code;
import org.facialcds.facts.Kind;
import org.facialcds.facts.Reason;
import org.facialcds.facts.Urgency;

/**
 * One suggestion for a clinician, with the reasoning that produced it. {@code urgency} is set on
 * alerts and referrals, {@code reason} on {@code AVOID_…} vetoes, {@code field} on
 * {@code DATA_NEEDED}; {@code cautions} are warnings that go with a suggestion without blocking it.
 */
public record Recommendation(
        Code code,
        Kind kind,
        String title,
        String detail,
        Evidence evidence,
        Urgency urgency,
        Reason reason,
        String field,
        List<String> cautions,
        List<Because> because) {

    public Recommendation {
        cautions = List.copyOf(cautions);
        because = List.copyOf(because);
    }
}
