package org.facialcds.facts;

/** Why a treatment is to be avoided (recommendations.md). */
public enum Reason {
    CONTRAINDICATED, BOXED_WARNING, BEERS, CAUTION_SPECIALIST, DEFER, NOT_INDICATED, PREMATURE, WRONG_DIAGNOSIS, POLICY
}
