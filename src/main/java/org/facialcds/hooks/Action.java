package org.facialcds.hooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A suggested FHIR change: {@code create} and {@code update} carry the whole {@code resource},
 * {@code delete} names the draft order by {@code resourceId} ({@code ServiceRequest/123}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record Action(String type, String description, JsonNode resource, String resourceId) {

    static Action create(String description, JsonNode resource) {
        return new Action("create", description, resource, null);
    }

    static Action update(String description, JsonNode resource) {
        return new Action("update", description, resource, null);
    }

    static Action delete(String description, String resourceId) {
        return new Action("delete", description, null, resourceId);
    }
}
