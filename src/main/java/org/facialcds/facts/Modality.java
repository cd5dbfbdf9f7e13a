package org.facialcds.facts;

/** Brain imaging modality. */
public enum Modality { MRI, CT }
