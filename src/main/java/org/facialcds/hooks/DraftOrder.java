package org.facialcds.hooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.facialcds.facts.Code;

/**
 * A draft order this service has advice for: a medication in one of the treatment classes the knowledge base
 * rules on, or a brain MRI / CT. {@code reference} is {@code ResourceType/id}, as a delete action names it.
 */
record DraftOrder(
        String reference,
        String resourceType,
        String id,
        Kind kind,
        String display,
        String system,
        String code,
        Contrast contrast,
        ObjectNode resource) {

    /** What the order is, as far as the knowledge base is concerned. */
    enum Kind {
        BENZODIAZEPINE(Code.TX_BENZODIAZEPINE_SHORT_TERM),
        ANTICHOLINERGIC(Code.TX_TRIHEXYPHENIDYL),
        BACLOFEN(Code.TX_BACLOFEN),
        BOTULINUM_TOXIN(Code.TX_BOTULINUM_TOXIN),
        MRI(null),
        CT(null);

        private final Code treatment;

        Kind(Code treatment) {
            this.treatment = treatment;
        }

        /** The treatment suggestion this drug order corresponds to; {@code null} for imaging. */
        Code treatment() {
            return treatment;
        }

        /** The veto that blocks this treatment ({@code AVOID_…}); {@code null} for imaging. */
        Code veto() {
            if (treatment == null) {
                return null;
            }
            for (Code c : Code.values()) {
                if (c.blocks() == treatment) {
                    return c;
                }
            }
            return null;
        }

        boolean isDrug() {
            return treatment != null;
        }
    }

    /** Gadolinium or iodinated contrast, as the order's code says. */
    enum Contrast { WITHOUT, WITH, WITHOUT_THEN_WITH, UNKNOWN;

        boolean gives() {
            return this == WITH || this == WITHOUT_THEN_WITH;
        }
    }
}
