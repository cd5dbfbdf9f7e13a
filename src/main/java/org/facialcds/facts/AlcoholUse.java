package org.facialcds.facts;

/** Alcohol use as documented. */
public enum AlcoholUse { NONE, MODERATE, HEAVY }
