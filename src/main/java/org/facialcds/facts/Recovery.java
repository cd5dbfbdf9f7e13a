package org.facialcds.facts;

/** How far an earlier facial palsy recovered. */
public enum Recovery { COMPLETE, PARTIAL, NONE }
