package org.facialcds.facts;

/** What stands between this patient and an MRI. */
public enum MriSafety { NONE, MR_CONDITIONAL_DEVICE, NON_MR_CONDITIONAL_DEVICE, FERROMAGNETIC_FOREIGN_BODY, SEVERE_CLAUSTROPHOBIA }
