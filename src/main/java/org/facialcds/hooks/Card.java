package org.facialcds.hooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A CDS Hooks card. {@code summary} is under 140 characters, {@code indicator} is {@code info},
 * {@code warning} or {@code critical}, {@code detail} is GitHub-flavoured Markdown, and
 * {@code selectionBehavior} is set exactly when there are suggestions. {@code extension} carries
 * the machine-readable reasoning. Empty and null fields are left out, as the spec requires.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record Card(
        String uuid,
        String summary,
        String detail,
        String indicator,
        Source source,
        List<Suggestion> suggestions,
        String selectionBehavior,
        List<Coding> overrideReasons,
        List<Link> links,
        ObjectNode extension) {

    static final String INFO = "info";
    static final String WARNING = "warning";
    static final String CRITICAL = "critical";

    Card {
        suggestions = suggestions == null ? List.of() : List.copyOf(suggestions);
        overrideReasons = overrideReasons == null ? List.of() : List.copyOf(overrideReasons);
        links = links == null ? List.of() : List.copyOf(links);
    }
}
