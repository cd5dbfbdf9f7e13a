package org.facialcds.facts;

/** An input fact the rules match; {@link #path()} is where it sits in the patient-facts JSON. */
public interface Fact {

    /** JSON path of this fact in the input, e.g. {@code $.twitching} or {@code $.medications[2]}. */
    String path();

    /** JSON path of one of this fact's properties; derived properties name the input they come from. */
    default String pathOf(String property) {
        return path() + "." + property;
    }
}
