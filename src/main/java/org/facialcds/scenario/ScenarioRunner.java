package org.facialcds.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.facialcds.Because;
import org.facialcds.Evaluation;
import org.facialcds.FacialCds;
import org.facialcds.FacialCdsException;
import org.facialcds.Recommendation;
import org.facialcds.facts.Code;
import org.facialcds.facts.Kind;
import org.facialcds.facts.PatientFacts;
import org.facialcds.facts.PolicySettings;

/**
 * Runs scenarios on an engine and checks, besides each scenario's own expectations, the safety
 * invariants that hold for every patient: no suggestion beside the veto that blocks it, no benign
 * or primary label beside a structural lesion or demyelination.
 */
public final class ScenarioRunner {

    private static final Set<Code> CONFIDENT_BENIGN = Set.of(Code.DX_EYELID_MYOKYMIA,
            Code.DX_BENIGN_ESSENTIAL_BLEPHAROSPASM, Code.DX_MEIGE_SYNDROME, Code.DX_HFS_PRIMARY);
    private static final Set<Code> LESIONS = Set.of(Code.DX_STRUCTURAL_LESION, Code.DX_DEMYELINATION_SUSPECTED);

    private final FacialCds cds;

    public ScenarioRunner(FacialCds cds) {
        this.cds = cds;
    }

    public ScenarioResult run(Scenario scenario) {
        Evaluation result;
        try {
            PolicySettings policy = cds.configuration().policy().withOverrides(scenario.policy());
            PatientFacts patient = cds.read(scenario.patient(), null);
            result = cds.evaluate(patient, policy);
        } catch (FacialCdsException | IllegalArgumentException e) {
            return new ScenarioResult(scenario, null, List.of(), List.of(), List.of(), List.of(), e.getMessage());
        }
        List<Expectation> missing = scenario.present().stream()
                .filter(e -> result.recommendations().stream().noneMatch(e::matches)).toList();
        List<String> unexpected = new ArrayList<>();
        for (Expectation e : scenario.absent()) {
            for (Recommendation r : result.recommendations()) {
                if (e.matches(r)) unexpected.add(label(r) + "  because " + reasoning(r));
            }
        }
        List<String> notFired = scenario.rules().stream().filter(id -> !result.firedRules().contains(id)).toList();
        return new ScenarioResult(scenario, result, missing, unexpected, notFired, invariants(result), null);
    }

    /** Safety invariants every result must satisfy. */
    public static List<String> invariants(Evaluation result) {
        List<String> broken = new ArrayList<>();
        for (Recommendation r : result.recommendations()) {
            Code blocked = r.code().blocks();
            if (blocked != null && result.has(blocked)) {
                broken.add(blocked + " is suggested beside " + r.code() + " (" + r.reason() + ")");
            }
        }
        boolean lesion = result.recommendations().stream().anyMatch(r -> LESIONS.contains(r.code()));
        if (lesion) {
            result.recommendations().stream().filter(r -> CONFIDENT_BENIGN.contains(r.code()))
                    .forEach(r -> broken.add(r.code() + " beside a structural lesion or demyelination"));
        }
        return broken;
    }

    static String label(Recommendation r) {
        StringBuilder s = new StringBuilder(r.code().name());
        if (r.urgency() != null) s.append(' ').append(r.urgency());
        if (r.reason() != null) s.append(' ').append(r.reason());
        if (r.field() != null) s.append(' ').append(r.field());
        return s.toString();
    }

    private static String reasoning(Recommendation r) {
        if (r.because().isEmpty()) return "(reasoning not captured)";
        return r.because().stream().map(ScenarioRunner::step).collect(Collectors.joining("; "));
    }

    private static String step(Because b) {
        String facts = b.facts().isEmpty() ? "" : " on " + String.join(", ", b.facts());
        String from = b.from().isEmpty() ? "" : " from " + String.join(", ", b.from());
        return b.rule() + facts + from;
    }

    /** Whether a recommendation is a treatment suggestion (for callers that summarise). */
    static boolean isSuggestion(Recommendation r) {
        return r.kind() == Kind.TREATMENT;
    }
}
