package org.facialcds.facts;

/** A facial (or other) region where the movement happens; PERIOCULAR is the orbicularis oculi beyond one lid. */
public enum Region { UPPER_LID, LOWER_LID, PERIOCULAR, BROW_FOREHEAD, CHEEK, PERIORAL, JAW, TONGUE, NECK, LIMB }
