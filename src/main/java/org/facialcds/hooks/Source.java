package org.facialcds.hooks;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Where a card's guidance comes from: a label (required), a URL and a topic. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record Source(String label, String url, String icon, Coding topic) {
}
