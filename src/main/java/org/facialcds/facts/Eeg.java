package org.facialcds.facts;

/** EEG status and result. */
public enum Eeg { NOT_DONE, NORMAL, EPILEPTIFORM }
