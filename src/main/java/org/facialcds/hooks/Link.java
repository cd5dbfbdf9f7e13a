package org.facialcds.hooks;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A card link: {@code type} is {@code absolute} or {@code smart}; {@code appContext} only for {@code smart}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record Link(String label, String url, String type, String appContext) {

    static Link absolute(String label, String url) {
        return new Link(label, url, "absolute", null);
    }
}
