package org.facialcds.facts;

/** Administrative sex as the input contract gives it. */
public enum Sex { FEMALE, MALE, OTHER }
