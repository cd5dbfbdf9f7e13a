package org.facialcds.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One clinical test case: a patient (the patient-facts contract as a JSON tree), optional policy
 * overrides, the codes that must be present and absent, and optionally rule ids that must fire.
 * {@code file} is where it was written, for messages.
 */
public record Scenario(
        String name,
        String file,
        JsonNode patient,
        Map<String, Object> policy,
        List<Expectation> present,
        List<Expectation> absent,
        List<String> rules) {

    public Scenario {
        policy = Map.copyOf(policy);
        present = List.copyOf(present);
        absent = List.copyOf(absent);
        rules = List.copyOf(rules);
    }
}
