package org.facialcds.engine;

import java.util.List;
import org.facialcds.facts.Conclusion;

/** What one evaluation derived: every conclusion in working memory and the ids of the rules that fired. */
public record EngineRun(List<Conclusion> conclusions, List<String> firedRules) {

    public EngineRun {
        conclusions = List.copyOf(conclusions);
        firedRules = List.copyOf(firedRules);
    }
}
