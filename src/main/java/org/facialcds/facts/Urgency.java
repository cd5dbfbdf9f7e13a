package org.facialcds.facts;

/** Urgency of an alert or referral, most urgent first. */
public enum Urgency { EMERGENCY, URGENT, ROUTINE }
