package org.facialcds.facts;

/** Overall result of the neurological examination. */
public enum NeuroExam { NORMAL, ABNORMAL, NOT_DOCUMENTED }
