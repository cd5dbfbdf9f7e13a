package org.facialcds.hooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The response to a hook call: {@code cards} always present (empty when there is no guidance). */
record CdsResponse(@JsonInclude(JsonInclude.Include.ALWAYS) List<Card> cards,
                   @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Action> systemActions) {

    CdsResponse {
        cards = List.copyOf(cards);
        systemActions = systemActions == null ? List.of() : List.copyOf(systemActions);
    }

    static CdsResponse of(List<Card> cards) {
        return new CdsResponse(cards, List.of());
    }
}
