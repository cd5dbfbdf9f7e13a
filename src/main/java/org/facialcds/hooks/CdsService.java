package org.facialcds.hooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** One service in the discovery response: the hook it answers, its id and its prefetch templates. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record CdsService(String hook, String title, String description, String id, Map<String, String> prefetch,
                  String usageRequirements) {
}
