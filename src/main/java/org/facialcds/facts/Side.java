package org.facialcds.facts;

/** A side of the face. */
public enum Side { LEFT, RIGHT }
