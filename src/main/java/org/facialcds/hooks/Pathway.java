package org.facialcds.hooks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.facialcds.Because;
import org.facialcds.Evaluation;
import org.facialcds.Recommendation;
import org.facialcds.RuleSummary;

/**
 * The pathway as the workbench draws it, read off the knowledge base: one stage per rules folder in clinical
 * order (red flags, imaging, diagnosis, treatment, lifestyle, vetoes, missing data), one node per rule file.
 * A patient's route is the files whose rules fired, joined where one file's conclusion fed another's rule.
 */
record Pathway(List<Stage> stages) {

    record Stage(String stage, String title, List<Node> nodes) {
    }

    record Node(String file, String title, List<String> rules) {
    }

    /** A patient's way through the pathway: the files whose rules fired, and which conclusions joined them. */
    record Route(List<String> nodes, List<Edge> edges) {
    }

    record Edge(String from, String to, List<String> codes) {
    }

    /** Folder → stage title, in the order a clinician works through the pathway. */
    private static final Map<String, String> STAGES = linked(
            "redflags", "Red flags", "imaging", "Imaging", "diagnosis", "Diagnosis", "treatment", "Treatment",
            "lifestyle", "Lifestyle", "vetoes", "Vetoes", "data", "Missing data");

    static Pathway of(List<RuleSummary> rules) {
        Map<String, Map<String, List<String>>> byStage = new LinkedHashMap<>();
        STAGES.keySet().forEach(s -> byStage.put(s, new TreeMap<>()));
        for (RuleSummary r : rules) {
            byStage.computeIfAbsent(stageOf(r.file()), s -> new TreeMap<>())
                    .computeIfAbsent(r.file(), f -> new ArrayList<>()).add(r.id());
        }
        List<Stage> stages = new ArrayList<>();
        byStage.forEach((stage, files) -> {
            if (files.isEmpty()) return;
            List<Node> nodes = new ArrayList<>();
            files.forEach((file, ids) -> nodes.add(new Node(file, titleOf(file), ids.stream().sorted().toList())));
            stages.add(new Stage(stage, STAGES.getOrDefault(stage, titleOf(stage)), nodes));
        });
        return new Pathway(stages);
    }

    /**
     * The route of one evaluation: every file with a rule that fired (a suggestion later vetoed still shows
     * where it came from), and an edge wherever a rule built on a conclusion drawn in another file.
     */
    static Route route(Evaluation evaluation, List<RuleSummary> rules) {
        Set<String> fired = new HashSet<>(evaluation.firedRules());
        Set<String> nodes = new TreeSet<>();
        for (RuleSummary r : rules) {
            if (fired.contains(r.id())) nodes.add(r.file());
        }
        Map<String, Set<String>> concludedIn = new HashMap<>();
        for (Recommendation r : evaluation.recommendations()) {
            for (Because b : r.because()) {
                String code = b.concludes() == null ? r.code().name() : b.concludes();
                concludedIn.computeIfAbsent(code, c -> new TreeSet<>()).add(b.file());
            }
        }
        Map<Hop, Set<String>> hops = new TreeMap<>(Hop.ORDER);
        for (Recommendation r : evaluation.recommendations()) {
            for (Because b : r.because()) {
                for (String code : b.from()) {
                    for (String from : concludedIn.getOrDefault(code, Set.of())) {
                        if (!from.equals(b.file())) {
                            hops.computeIfAbsent(new Hop(from, b.file()), h -> new TreeSet<>()).add(code);
                        }
                    }
                }
            }
        }
        List<Edge> edges = new ArrayList<>();
        hops.forEach((hop, codes) -> edges.add(new Edge(hop.from(), hop.to(), List.copyOf(codes))));
        return new Route(List.copyOf(nodes), edges);
    }

    /** From one rule file to another, the key under which the codes handed over are gathered. */
    private record Hop(String from, String to) {
        static final Comparator<Hop> ORDER = Comparator.comparing(Hop::from).thenComparing(Hop::to);
    }

    /** The folder a rule file sits in ({@code rules/diagnosis/x.drl} → {@code diagnosis}). */
    static String stageOf(String file) {
        String[] parts = file.replace('\\', '/').split("/");
        return parts.length >= 2 ? parts[parts.length - 2] : "other";
    }

    /** {@code rules/diagnosis/hemifacial_spasm.drl} → "Hemifacial spasm". */
    static String titleOf(String file) {
        String name = file.substring(file.lastIndexOf('/') + 1).replaceFirst("\\.drl$", "").replace('_', ' ');
        return name.isEmpty() ? name : name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    }

    private static Map<String, String> linked(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) map.put(pairs[i], pairs[i + 1]);
        return map;
    }
}
