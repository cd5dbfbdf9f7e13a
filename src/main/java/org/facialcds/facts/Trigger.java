package org.facialcds.facts;

/** What brings the twitching on or makes it worse. */
public enum Trigger { CAFFEINE, FATIGUE, SLEEP_DEPRIVATION, STRESS, SCREEN_USE, BRIGHT_LIGHT, WIND, CHEWING_TALKING, VOLUNTARY_FACIAL_MOVEMENT }
