package org.facialcds.fhir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The warnings of one mapping: single lines in order, then counted ones ("3 medications ..."). */
final class Warnings {

    private final Set<String> lines = new LinkedHashSet<>();
    /** message → count, in first-seen order. */
    private final Map<String, Integer> counted = new LinkedHashMap<>();
    /** resource type → count, for the "not used" summary. */
    private final Map<String, Integer> unused = new TreeMap<>();

    void add(String line) {
        lines.add(line);
    }

    /** Counts one occurrence of a warning written once as {@code "what: count"}. */
    void count(String what) {
        counted.merge(what, 1, Integer::sum);
    }

    /** One resource that nothing reads. */
    void unused(String resourceType) {
        unused.merge(resourceType, 1, Integer::sum);
    }

    List<String> all() {
        List<String> all = new ArrayList<>(lines);
        counted.forEach((what, n) -> all.add(what + ": " + n));
        if (!unused.isEmpty()) {
            List<String> parts = new ArrayList<>();
            unused.forEach((type, n) -> parts.add(type + " ×" + n));
            all.add("not used by the rules: " + String.join(", ", parts));
        }
        return all;
    }
}
