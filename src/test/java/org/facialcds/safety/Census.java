package org.facialcds.safety;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;

/**
 * How a property reports what it finds. By default (CI) a violation fails the property, and jqwik
 * shrinks the patient. With {@code -Dfacialcds.census=true} (the deep run) every patient is tried
 * and each kind of violation is counted, with the smallest patient seen, reduced field by field to
 * a 1-minimal one: the figures of docs/safety.md.
 */
final class Census {

    private Census() {
    }

    static boolean enabled() {
        return Boolean.getBoolean("facialcds.census");
    }

    private static final class Kind {
        long count;
        ObjectNode smallest;
        Function<ObjectNode, List<String>> recheck;
    }

    private static final class Stats {
        long tried;
        long failing;
        final Map<String, Kind> kinds = new TreeMap<>();
    }

    private static final Map<String, Stats> STATS = new ConcurrentSkipListMap<>();

    /** One patient's verdict: {@code broken} lists its violations; {@code recheck} recomputes them for another document. */
    static void verdict(String property, ObjectNode patient, List<String> broken,
                        Function<ObjectNode, List<String>> recheck) {
        if (!enabled()) {
            assertThat(broken).as("%s", property).isEmpty();
            return;
        }
        Stats stats = STATS.computeIfAbsent(property, k -> new Stats());
        synchronized (stats) {
            stats.tried++;
            if (broken.isEmpty()) return;
            stats.failing++;
            for (String b : broken) {
                Kind kind = stats.kinds.computeIfAbsent(key(b), k -> new Kind());
                kind.count++;
                if (kind.smallest == null || patient.toString().length() < kind.smallest.toString().length()) {
                    kind.smallest = patient.deepCopy();
                    kind.recheck = recheck;
                }
            }
        }
    }

    /** A violation's kind: its text with numbers and list positions blanked out. */
    static String key(String violation) {
        return violation.replaceAll("\\d+", "#");
    }

    /** The census so far, with a 1-minimal patient for each kind; also appended to target/safety-census.txt. */
    static String report() {
        if (!enabled()) return "";
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Stats> e : STATS.entrySet()) {
            Stats s = e.getValue();
            out.append(String.format("%n== %s: %,d patients, %,d with a violation, %d kinds%n", e.getKey(), s.tried,
                    s.failing, s.kinds.size()));
            for (Map.Entry<String, Kind> k : s.kinds.entrySet()) {
                Kind kind = k.getValue();
                ObjectNode minimal = minimise(kind.smallest, k.getKey(), kind.recheck);
                out.append(String.format("  %,8d  %s%n            minimal patient: %s%n", kind.count, k.getKey(), minimal));
            }
        }
        if (!COVERAGE.isEmpty()) {
            long patients = COVERAGE.getOrDefault("(patients)", 1L);
            out.append(String.format("%n== codes reached (patients whose result holds each code, of %,d)%n", patients));
            COVERAGE.forEach((code, n) -> {
                if (!code.startsWith("(")) out.append(String.format("  %-36s %,8d  %5.1f%%%n", code, n, 100.0 * n / patients));
            });
        }
        STATS.clear();
        COVERAGE.clear();
        try {
            Path file = Path.of("target", "safety-census.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, out, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }

    /** Removes fields and list elements one at a time while the violation stays (asOf is kept). */
    static ObjectNode minimise(ObjectNode patient, String key, Function<ObjectNode, List<String>> recheck) {
        ObjectNode current = patient.deepCopy();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (List<Object> path : paths(current, new ArrayList<>())) {
                if (path.size() == 1 && "asOf".equals(path.get(0))) continue;
                ObjectNode candidate = current.deepCopy();
                remove(candidate, path);
                if (still(candidate, key, recheck)) {
                    current = candidate;
                    progress = true;
                    break;
                }
            }
        }
        return current;
    }

    /** Whether the reduced patient still shows the violation (asked a few times: some violations are intermittent). */
    private static boolean still(ObjectNode candidate, String key, Function<ObjectNode, List<String>> recheck) {
        for (int attempt = 0; attempt < 4; attempt++) {
            try {
                if (recheck.apply(candidate).stream().anyMatch(b -> key(b).equals(key))) return true;
            } catch (RuntimeException | AssertionError e) {
                return false; // e.g. the reduced document is not valid input
            }
        }
        return false;
    }

    private static final Map<String, Long> COVERAGE = new ConcurrentSkipListMap<>();

    /** Counts the codes a patient's result holds (census only), to show what the sample reached. */
    static void cover(java.util.Collection<?> codes) {
        if (!enabled()) return;
        COVERAGE.merge("(patients)", 1L, Long::sum);
        for (Object c : codes) COVERAGE.merge(String.valueOf(c), 1L, Long::sum);
    }

    /** Every field and list element, containers before their contents. */
    private static List<List<Object>> paths(JsonNode node, List<Object> prefix) {
        List<List<Object>> all = new ArrayList<>();
        if (node instanceof ObjectNode o) {
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                List<Object> p = new ArrayList<>(prefix);
                p.add(name);
                all.add(p);
                all.addAll(paths(o.get(name), p));
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                List<Object> p = new ArrayList<>(prefix);
                p.add(i);
                all.add(p);
                all.addAll(paths(a.get(i), p));
            }
        }
        return all;
    }

    private static void remove(JsonNode root, List<Object> path) {
        JsonNode node = root;
        for (int i = 0; i < path.size() - 1; i++) {
            Object step = path.get(i);
            node = step instanceof String s ? node.get(s) : node.get((Integer) step);
        }
        Object last = path.get(path.size() - 1);
        if (node instanceof ObjectNode o && last instanceof String s) o.remove(s);
        if (node instanceof ArrayNode a && last instanceof Integer i) a.remove(i);
    }
}
