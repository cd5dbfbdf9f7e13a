package org.facialcds.scenario;

import org.facialcds.Recommendation;
import org.facialcds.facts.Code;
import org.facialcds.facts.Reason;
import org.facialcds.facts.Urgency;

/**
 * One expected code, optionally with the reason, urgency, field or evidence level it must carry.
 * A recommendation matches when its code is the same and every attribute given here is equal.
 */
public record Expectation(Code code, Reason reason, Urgency urgency, String field, String level) {

    public boolean matches(Recommendation r) {
        return r.code() == code
                && (reason == null || reason == r.reason())
                && (urgency == null || urgency == r.urgency())
                && (field == null || field.equals(r.field()))
                && (level == null || (r.evidence() != null && level.equals(r.evidence().level())));
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(code.name());
        if (reason != null) s.append(" reason=").append(reason);
        if (urgency != null) s.append(" urgency=").append(urgency);
        if (field != null) s.append(" field=").append(field);
        if (level != null) s.append(" level=").append(level);
        return s.toString();
    }
}
