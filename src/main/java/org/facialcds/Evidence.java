package org.facialcds;

import java.util.List;

/** The evidence behind a recommendation: grading scheme and level where one applies, and the sources. */
public record Evidence(String level, String scheme, List<String> sources) {

    public Evidence {
        sources = List.copyOf(sources);
    }
}
