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

    public Coverage(List<RuleSummary> rules) {
        this.rules = List.copyOf(rules);
        rules.forEach(r -> scenariosByRule.put(r.id(), new TreeSet<>()));
    }

    /** Records the rules a scenario fired. */
    public void add(ScenarioResult result) {
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

    /** A Markdown report: per file and rule, the scenarios that fire it; per evidence source, the rules and scenarios. */
    public String report() {
        StringBuilder s = new StringBuilder("# Rule coverage\n\n");
        long fired = rules.size() - unfired().size();
        s.append(fired).append(" of ").append(rules.size()).append(" rules fired by at least one scenario.\n");
        String file = null;
        for (RuleSummary r : rules.stream().sorted(java.util.Comparator.comparing(RuleSummary::file)
                .thenComparing(RuleSummary::id)).toList()) {
            if (!r.file().equals(file)) {
                file = r.file();
                s.append("\n## ").append(file).append("\n\n| rule | name | scenarios |\n|---|---|---|\n");
            }
            TreeSet<String> by = scenariosByRule.get(r.id());
            s.append("| ").append(r.id()).append(" | ").append(r.name()).append(" | ")
                    .append(by.isEmpty() ? "**none**" : String.join("; ", by)).append(" |\n");
        }
        s.append("\n## By evidence source\n\n| evidence | rules | scenarios |\n|---|---|---|\n");
        Map<String, List<String>> rulesBySource = new TreeMap<>();
        for (RuleSummary r : rules) rulesBySource.computeIfAbsent(r.evidence(), k -> new ArrayList<>()).add(r.id());
        rulesBySource.forEach((source, ids) -> {
            TreeSet<String> scenarios = new TreeSet<>();
            ids.forEach(id -> scenarios.addAll(scenariosByRule.get(id)));
            s.append("| ").append(source.replace("|", "/")).append(" | ").append(String.join(", ", ids)).append(" | ")
                    .append(scenarios.size()).append(" scenario").append(scenarios.size() == 1 ? "" : "s").append(" |\n");
        });
        if (!unfired().isEmpty()) s.append("\nNot fired by any scenario: ").append(String.join(", ", unfired())).append('\n');
        return s.toString();
    }
}
