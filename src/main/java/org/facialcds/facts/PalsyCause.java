package org.facialcds.facts;

/** Cause of an earlier facial palsy. */
public enum PalsyCause { BELLS_PALSY, RAMSAY_HUNT, SURGERY, TRAUMA, OTHER }
