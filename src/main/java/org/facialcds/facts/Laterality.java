package org.facialcds.facts;

/** Which side(s) of the face twitch; independent means each side on its own rhythm. */
public enum Laterality { UNILATERAL_LEFT, UNILATERAL_RIGHT, BILATERAL_SYNCHRONOUS, BILATERAL_INDEPENDENT }
