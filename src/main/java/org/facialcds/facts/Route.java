package org.facialcds.facts;

/** Route of administration; DEPOT widens the tardive-syndrome window. */
public enum Route { ORAL, IV, IM, DEPOT, TOPICAL, OTHER }
