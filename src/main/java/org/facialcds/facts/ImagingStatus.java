package org.facialcds.facts;

/** Where a brain imaging study stands. */
public enum ImagingStatus { NOT_DONE, ORDERED, DONE }
