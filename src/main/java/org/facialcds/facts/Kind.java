package org.facialcds.facts;

/** What a conclusion is; {@link #INTERNAL} conclusions are reasoning steps that never reach the result. */
public enum Kind {
    ALERT, DIAGNOSIS, IMAGING, TEST, REFERRAL, TREATMENT, LIFESTYLE, AVOID, DATA_NEEDED, INTERNAL
}
