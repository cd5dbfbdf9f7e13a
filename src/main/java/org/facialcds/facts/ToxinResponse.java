package org.facialcds.facts;

/** Response to earlier botulinum toxin injections. */
public enum ToxinResponse { GOOD, WANING, NONE }
