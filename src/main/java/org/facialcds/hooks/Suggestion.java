package org.facialcds.hooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A suggestion the clinician may accept: a label, a uuid for feedback, and the actions it applies together. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record Suggestion(String label, String uuid, Boolean isRecommended, List<Action> actions) {

    Suggestion {
        actions = actions == null ? List.of() : List.copyOf(actions);
    }
}
