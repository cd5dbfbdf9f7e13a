package org.facialcds.safety;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Paths like {@code twitching.laterality} or {@code medications[1].route} in a patient document. */
final class Json {

    private static final Pattern STEP = Pattern.compile("([A-Za-z]+)(?:\\[(\\d+)])?");

    private Json() {
    }

    /** The value at the path, or {@code null} when absent (JSON null counts as absent). */
    static JsonNode get(JsonNode root, String path) {
        JsonNode node = root;
        for (String step : path.split("\\.")) {
            Matcher m = STEP.matcher(step);
            if (!m.matches() || node == null) return null;
            node = node.get(m.group(1));
            if (node != null && m.group(2) != null) node = node.get(Integer.parseInt(m.group(2)));
        }
        return node == null || node.isNull() ? null : node;
    }

    /** Sets the value (a copy), creating the objects on the way; list elements must exist. */
    static void set(ObjectNode root, String path, JsonNode value) {
        String[] steps = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < steps.length - 1; i++) {
            node = child(node, steps[i]);
        }
        node.set(steps[steps.length - 1], value.deepCopy());
    }

    /** Removes the field; nothing happens when it is absent. */
    static void remove(ObjectNode root, String path) {
        String[] steps = path.split("\\.");
        JsonNode node = root;
        for (int i = 0; i < steps.length - 1 && node != null; i++) {
            Matcher m = STEP.matcher(steps[i]);
            if (!m.matches()) return;
            node = node.get(m.group(1));
            if (node != null && m.group(2) != null) node = node.get(Integer.parseInt(m.group(2)));
        }
        if (node instanceof ObjectNode o) o.remove(steps[steps.length - 1]);
    }

    private static ObjectNode child(ObjectNode parent, String step) {
        Matcher m = STEP.matcher(step);
        if (!m.matches()) throw new IllegalArgumentException(step);
        JsonNode n = parent.get(m.group(1));
        if (m.group(2) != null) {
            return (ObjectNode) n.get(Integer.parseInt(m.group(2)));
        }
        if (n instanceof ObjectNode o) return o;
        return parent.putObject(m.group(1));
    }

    /** The same document with every list and every object's keys in another order. */
    static JsonNode shuffled(JsonNode node, Random random) {
        if (node instanceof ObjectNode o) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) fields.add(it.next());
            Collections.shuffle(fields, random);
            ObjectNode copy = o.objectNode();
            for (Map.Entry<String, JsonNode> e : fields) copy.set(e.getKey(), shuffled(e.getValue(), random));
            return copy;
        }
        if (node instanceof ArrayNode a) {
            List<JsonNode> items = new ArrayList<>();
            a.forEach(items::add);
            Collections.shuffle(items, random);
            ArrayNode copy = a.arrayNode();
            items.forEach(item -> copy.add(shuffled(item, random)));
            return copy;
        }
        return node.deepCopy();
    }
}
