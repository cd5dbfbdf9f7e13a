package org.facialcds.facts;

import java.util.ArrayList;
import java.util.List;
import org.kie.api.runtime.rule.RuleContext;

/**
 * The functions rule consequences call to build a conclusion. Each records its reason by itself:
 * the firing rule, the input facts it matched and the conclusions it built on. In DRL:
 * <pre>
 * import function org.facialcds.facts.Conclusions.conclude;
 * ...
 * then
 *     insertLogical(conclude(kcontext, Code.DX_EYELID_MYOKYMIA));
 * </pre>
 */
public final class Conclusions {

    private Conclusions() {
    }

    /** A conclusion with this code. */
    public static Conclusion conclude(RuleContext rule, Code code) {
        return build(rule, code, null, null, null, null, null);
    }

    /** An alert or referral with its urgency. */
    public static Conclusion conclude(RuleContext rule, Code code, Urgency urgency) {
        return build(rule, code, urgency, null, null, null, null);
    }

    /** A veto with its reason. */
    public static Conclusion conclude(RuleContext rule, Code code, Reason reason) {
        return build(rule, code, null, reason, null, null, null);
    }

    /** A conclusion with a detail text of its own (e.g. an MRI without gadolinium). */
    public static Conclusion conclude(RuleContext rule, Code code, String detail) {
        return build(rule, code, null, null, null, null, detail);
    }

    /** {@code DATA_NEEDED} for the JSON path of the missing fact. */
    public static Conclusion dataNeeded(RuleContext rule, String field) {
        return build(rule, Code.DATA_NEEDED, null, null, field, null, null);
    }

    /** An internal step about a treatment or study, e.g. {@code about(kcontext, Code.CONSIDERED, Code.TX_BACLOFEN)}. */
    public static Conclusion about(RuleContext rule, Code step, Code subject) {
        return build(rule, step, null, null, null, subject, null);
    }

    /** A caution that goes with a suggestion without blocking it. */
    public static Conclusion caution(RuleContext rule, Code subject, String text) {
        return build(rule, Code.CAUTION, null, null, null, subject, text);
    }

    private static Conclusion build(RuleContext rule, Code code, Urgency urgency, Reason reason, String field,
                                    Code subject, String detail) {
        List<Fact> facts = new ArrayList<>();
        List<Conclusion> premises = new ArrayList<>();
        for (Object matched : rule.getMatch().getObjects()) {
            if (matched instanceof Conclusion c) {
                premises.add(c);
            } else if (matched instanceof Fact f) {
                facts.add(f);
            }
        }
        return new Conclusion(code, urgency, reason, field, subject, detail, rule.getRule(), facts, premises);
    }
}
