package org.facialcds.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of CDS Hooks 2.0 for what a service sends, as a checker for tests: required fields, no
 * {@code null}, {@code ""}, {@code []} or {@code {}} (except an empty {@code cards} / {@code services} list),
 * the enumerations (indicator, selectionBehavior, action type, link type), summary under 140 characters,
 * {@code selectionBehavior} exactly when there are suggestions, override reasons with a display.
 * Each problem is one line naming the JSON path.
 */
final class Conformance {

    static final Set<String> INDICATORS = Set.of("info", "warning", "critical");
    static final Set<String> SELECTION = Set.of("at-most-one", "any");
    static final Set<String> ACTIONS = Set.of("create", "update", "delete");
    static final Set<String> LINK_TYPES = Set.of("absolute", "smart");

    private Conformance() {
    }

    /** Problems with a hook response ({@code {"cards": [...], "systemActions": [...]}}). */
    static List<String> response(JsonNode body) {
        List<String> p = new ArrayList<>();
        if (body == null || !body.isObject()) {
            p.add("$: the response must be a JSON object");
            return p;
        }
        JsonNode cards = body.get("cards");
        if (cards == null || !cards.isArray()) {
            p.add("$.cards: required array");
        } else {
            for (int i = 0; i < cards.size(); i++) {
                card(cards.get(i), "$.cards[" + i + "]", p);
            }
        }
        JsonNode actions = body.get("systemActions");
        if (actions != null) {
            if (!actions.isArray()) {
                p.add("$.systemActions: must be an array");
            } else {
                for (int i = 0; i < actions.size(); i++) {
                    action(actions.get(i), "$.systemActions[" + i + "]", p);
                }
            }
        }
        noEmpty(body, "$", p, true);
        return p;
    }

    /** Problems with one card. */
    static List<String> card(JsonNode card) {
        List<String> p = new ArrayList<>();
        card(card, "$", p);
        noEmpty(card, "$", p, false);
        return p;
    }

    /** Problems with a discovery response. */
    static List<String> discovery(JsonNode body) {
        List<String> p = new ArrayList<>();
        JsonNode services = body == null ? null : body.get("services");
        if (services == null || !services.isArray()) {
            p.add("$.services: required array");
            return p;
        }
        for (int i = 0; i < services.size(); i++) {
            JsonNode s = services.get(i);
            String at = "$.services[" + i + "]";
            requiredString(s, "hook", at, p);
            requiredString(s, "description", at, p);
            requiredString(s, "id", at, p);
            optionalString(s, "title", at, p);
            JsonNode prefetch = s.get("prefetch");
            if (prefetch != null) {
                if (!prefetch.isObject()) {
                    p.add(at + ".prefetch: must be an object");
                } else {
                    for (Map.Entry<String, JsonNode> e : prefetch.properties()) {
                        if (!e.getValue().isTextual()) {
                            p.add(at + ".prefetch." + e.getKey() + ": must be a string (a FHIR query template)");
                        }
                    }
                }
            }
        }
        noEmpty(body, "$", p, true);
        return p;
    }

    private static void card(JsonNode c, String at, List<String> p) {
        if (c == null || !c.isObject()) {
            p.add(at + ": a card must be an object");
            return;
        }
        optionalString(c, "uuid", at, p);
        String summary = requiredString(c, "summary", at, p);
        if (summary != null && summary.length() >= 140) {
            p.add(at + ".summary: must be under 140 characters (" + summary.length() + ")");
        }
        optionalString(c, "detail", at, p);
        String indicator = requiredString(c, "indicator", at, p);
        if (indicator != null && !INDICATORS.contains(indicator)) {
            p.add(at + ".indicator: '" + indicator + "' is not one of " + INDICATORS);
        }
        JsonNode source = c.get("source");
        if (source == null || !source.isObject()) {
            p.add(at + ".source: required object");
        } else {
            requiredString(source, "label", at + ".source", p);
            url(source, "url", at + ".source", p);
            url(source, "icon", at + ".source", p);
            JsonNode topic = source.get("topic");
            if (topic != null) {
                coding(topic, at + ".source.topic", p, false);
            }
        }
        JsonNode suggestions = c.get("suggestions");
        if (suggestions != null) {
            if (!suggestions.isArray()) {
                p.add(at + ".suggestions: must be an array");
            } else {
                for (int i = 0; i < suggestions.size(); i++) {
                    suggestion(suggestions.get(i), at + ".suggestions[" + i + "]", p);
                }
            }
            JsonNode behavior = c.get("selectionBehavior");
            if (behavior == null || !behavior.isTextual()) {
                p.add(at + ".selectionBehavior: required when there are suggestions");
            }
        }
        JsonNode behavior = c.get("selectionBehavior");
        if (behavior != null && !(behavior.isTextual() && SELECTION.contains(behavior.asText()))) {
            p.add(at + ".selectionBehavior: '" + behavior + "' is not one of " + SELECTION);
        }
        JsonNode reasons = c.get("overrideReasons");
        if (reasons != null) {
            if (!reasons.isArray()) {
                p.add(at + ".overrideReasons: must be an array of Coding");
            } else {
                for (int i = 0; i < reasons.size(); i++) {
                    coding(reasons.get(i), at + ".overrideReasons[" + i + "]", p, true);
                }
            }
        }
        JsonNode links = c.get("links");
        if (links != null) {
            if (!links.isArray()) {
                p.add(at + ".links: must be an array");
            } else {
                for (int i = 0; i < links.size(); i++) {
                    link(links.get(i), at + ".links[" + i + "]", p);
                }
            }
        }
        JsonNode extension = c.get("extension");
        if (extension != null && !extension.isObject()) {
            p.add(at + ".extension: must be a JSON object");
        }
    }

    private static void suggestion(JsonNode s, String at, List<String> p) {
        if (!s.isObject()) {
            p.add(at + ": a suggestion must be an object");
            return;
        }
        requiredString(s, "label", at, p);
        optionalString(s, "uuid", at, p);
        JsonNode rec = s.get("isRecommended");
        if (rec != null && !rec.isBoolean()) {
            p.add(at + ".isRecommended: must be a boolean");
        }
        JsonNode actions = s.get("actions");
        if (actions != null) {
            if (!actions.isArray()) {
                p.add(at + ".actions: must be an array");
            } else {
                for (int i = 0; i < actions.size(); i++) {
                    action(actions.get(i), at + ".actions[" + i + "]", p);
                }
            }
        }
    }

    private static void action(JsonNode a, String at, List<String> p) {
        if (!a.isObject()) {
            p.add(at + ": an action must be an object");
            return;
        }
        String type = requiredString(a, "type", at, p);
        if (type != null && !ACTIONS.contains(type)) {
            p.add(at + ".type: '" + type + "' is not one of " + ACTIONS);
        }
        requiredString(a, "description", at, p);
        JsonNode resource = a.get("resource");
        if ("create".equals(type) || "update".equals(type)) {
            if (resource == null || !resource.isObject() || !resource.path("resourceType").isTextual()) {
                p.add(at + ".resource: a FHIR resource is required for " + type);
            }
        }
        if ("delete".equals(type) && a.get("resourceId") == null && resource == null) {
            p.add(at + ".resourceId: a delete names the resource (resourceId)");
        }
        JsonNode id = a.get("resourceId");
        if (id != null && !(id.isTextual() && id.asText().matches("[A-Za-z]+/[A-Za-z0-9\\-.]{1,64}"))) {
            p.add(at + ".resourceId: must be a relative reference such as ServiceRequest/123");
        }
    }

    private static void link(JsonNode l, String at, List<String> p) {
        if (!l.isObject()) {
            p.add(at + ": a link must be an object");
            return;
        }
        requiredString(l, "label", at, p);
        if (requiredString(l, "url", at, p) != null) {
            url(l, "url", at, p);
        }
        String type = requiredString(l, "type", at, p);
        if (type != null && !LINK_TYPES.contains(type)) {
            p.add(at + ".type: '" + type + "' is not one of " + LINK_TYPES);
        }
        if (l.has("appContext") && !"smart".equals(type)) {
            p.add(at + ".appContext: only for smart links");
        }
    }

    private static void coding(JsonNode c, String at, List<String> p, boolean displayRequired) {
        if (!c.isObject()) {
            p.add(at + ": must be a Coding object");
            return;
        }
        requiredString(c, "code", at, p);
        optionalString(c, "system", at, p);
        if (displayRequired) {
            requiredString(c, "display", at, p);
        } else {
            optionalString(c, "display", at, p);
        }
    }

    private static void url(JsonNode node, String field, String at, List<String> p) {
        JsonNode v = node.get(field);
        if (v == null) {
            return;
        }
        try {
            URI uri = URI.create(v.asText());
            if (!uri.isAbsolute()) {
                p.add(at + "." + field + ": must be an absolute URL");
            }
        } catch (IllegalArgumentException e) {
            p.add(at + "." + field + ": not a URL");
        }
    }

    private static String requiredString(JsonNode node, String field, String at, List<String> p) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            p.add(at + "." + field + ": required string");
            return null;
        }
        return v.asText();
    }

    private static void optionalString(JsonNode node, String field, String at, List<String> p) {
        JsonNode v = node.get(field);
        if (v != null && !v.isTextual()) {
            p.add(at + "." + field + ": must be a string");
        }
    }

    /** "JSON elements SHALL NOT be null or empty": no null, "", [] or {} anywhere (an empty top-level list is allowed). */
    private static void noEmpty(JsonNode node, String at, List<String> p, boolean top) {
        if (node.isNull()) {
            p.add(at + ": null is not allowed");
        } else if (node.isTextual() && node.asText().isEmpty()) {
            p.add(at + ": an empty string is not allowed");
        } else if (node.isArray()) {
            if (node.isEmpty() && !top) {
                p.add(at + ": an empty array is not allowed");
            }
            for (int i = 0; i < node.size(); i++) {
                noEmpty(node.get(i), at + "[" + i + "]", p, false);
            }
        } else if (node.isObject()) {
            if (node.isEmpty()) {
                p.add(at + ": an empty object is not allowed");
            }
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                boolean listAllowedEmpty = top && (e.getKey().equals("cards") || e.getKey().equals("services"));
                noEmpty(e.getValue(), at + "." + e.getKey(), p, listAllowedEmpty);
            }
        }
    }
}
