package org.facialcds.facts;

/** Imaging protocol; HFS_PROTOCOL is high-resolution T2 3D with 3D TOF MRA. */
public enum Protocol { STANDARD, HFS_PROTOCOL }
