package org.facialcds.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.facialcds.RuleSummary;

/**
 * Which scenarios fire which rules, per rule and per evidence source, so a reviewer can trace
 * guideline → rule → test; rules that no scenario fires are listed.
 */
public final class Coverage {

    private final List<RuleSummary> rules;
    private final Map<String, TreeSet<String>> scenariosByRule = new TreeMap<>();
    private int added;

    public Coverage(List<RuleSummary> rules) {
        this.rules = List.copyOf(rules);
        rules.forEach(r -> scenariosByRule.put(r.id(), new TreeSet<>()));
    }

    /** Records the rules a scenario fired. */
    public void add(ScenarioResult result) {
        added++;
        if (result.evaluation() == null) return;
        for (String id : result.evaluation().firedRules()) {
            scenariosByRule.computeIfAbsent(id, k -> new TreeSet<>()).add(result.scenario().name());
        }
    }

    /** Rule ids no scenario fired. */
    public List<String> unfired() {
        return rules.stream().map(RuleSummary::id).filter(id -> scenariosByRule.get(id).isEmpty()).toList();
    }

    public Map<String, TreeSet<String>> scenariosByRule() {
        return scenariosByRule;
    }

    /**
     * A Markdown report: per rule file and rule id, the scenarios that fire it; per evidence source
     * (each {@code [Sn]} reference of an {@code @evidence}, or the whole text when it has none), the
     * rules that cite it and the scenarios that exercise them; then the rules no scenario fires.
     */
    public String report() {
        StringBuilder s = new StringBuilder("# Rule coverage\n\n");
        List<String> unfired = unfired();
        long fired = rules.size() - unfired.size();
        s.append(fired).append(" of ").append(rules.size()).append(" rules fired by at least one of ")
                .append(scenarioCount()).append(" scenarios.\n");
        Map<String, List<RuleSummary>> byFile = new TreeMap<>();
        for (RuleSummary r : rules) byFile.computeIfAbsent(r.file(), k -> new ArrayList<>()).add(r);
        byFile.forEach((file, inFile) -> {
            long firedHere = inFile.stream().filter(r -> !scenariosByRule.get(r.id()).isEmpty()).count();
            s.append("\n## ").append(file).append(" (").append(firedHere).append(" of ").append(inFile.size())
                    .append(" fired)\n\n| rule | name | scenarios |\n|---|---|---|\n");
            inFile.stream().sorted(java.util.Comparator.comparing(RuleSummary::id)).forEach(r -> {
                TreeSet<String> by = scenariosByRule.get(r.id());
                s.append("| ").append(r.id()).append(" | ").append(cell(r.name())).append(" | ")
                        .append(by.isEmpty() ? "**none**" : cell(String.join("; ", by))).append(" |\n");
            });
        });
        s.append("\n## By evidence source\n\n| source | rules | scenarios |\n|---|---|---|\n");
        Map<String, TreeSet<String>> rulesBySource = new TreeMap<>(SOURCE_ORDER);
        for (RuleSummary r : rules) {
            for (String source : sources(r.evidence())) rulesBySource.computeIfAbsent(source, k -> new TreeSet<>()).add(r.id());
        }
        rulesBySource.forEach((source, ids) -> {
            TreeSet<String> scenarios = new TreeSet<>();
            ids.forEach(id -> scenarios.addAll(scenariosByRule.get(id)));
            s.append("| ").append(cell(source)).append(" | ").append(String.join(", ", ids)).append(" | ")
                    .append(scenarios.isEmpty() ? "**none**" : scenarios.size() + ": " + cell(first(scenarios)))
                    .append(" |\n");
        });
        s.append(unfired.isEmpty() ? "\nEvery rule is fired by at least one scenario.\n"
                : "\nNot fired by any scenario (" + unfired.size() + "): " + String.join(", ", unfired) + "\n");
        return s.toString();
    }

    private static final java.util.regex.Pattern SOURCE = java.util.regex.Pattern.compile("\\[S\\d+\\]");

    /** [S2] before [S10], then the other sources alphabetically. */
    private static final java.util.Comparator<String> SOURCE_ORDER = java.util.Comparator
            .comparing((String k) -> k.matches("\\[S\\d+\\]") ? 0 : 1)
            .thenComparing(k -> k.matches("\\[S\\d+\\]") ? Integer.parseInt(k.substring(2, k.length() - 1)) : 0)
            .thenComparing(k -> k);

    /** The {@code [Sn]} references of an evidence text, or the text itself when it has none. */
    static List<String> sources(String evidence) {
        if (evidence == null || evidence.isBlank()) return List.of("(no evidence)");
        List<String> found = new ArrayList<>();
        java.util.regex.Matcher m = SOURCE.matcher(evidence);
        while (m.find()) if (!found.contains(m.group())) found.add(m.group());
        return found.isEmpty() ? List.of(evidence.strip()) : found;
    }

    /** How many scenario names a row of the evidence table shows. */
    static final int NAMES_SHOWN = 5;

    private static String first(TreeSet<String> names) {
        List<String> shown = names.stream().limit(NAMES_SHOWN).toList();
        String text = String.join("; ", shown);
        return names.size() > NAMES_SHOWN ? text + "; … and " + (names.size() - NAMES_SHOWN) + " more" : text;
    }

    private int scenarioCount() {
        TreeSet<String> all = new TreeSet<>();
        scenariosByRule.values().forEach(all::addAll);
        return Math.max(all.size(), added);
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
