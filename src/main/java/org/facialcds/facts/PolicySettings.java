package org.facialcds.facts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PolicySettings parameters: thresholds that no guideline fixes (clinical-pathway.md §8.5, EO), with the
 * spec's defaults. Rules read them from this fact, so each knowledge base or evaluation can set its own.
 */
public record PolicySettings(
        int eyelidMyokymiaReviewDays,
        int bontMinIntervalDays,
        int bontSpreadWindowDays,
        boolean requireImagingBeforeBebLabel,
        int hfsAtypicalOnsetAge,
        int beersAge,
        double baclofenEgfrCutoff,
        int drbaExposureDays,
        int drbaExposureDaysOlder,
        int drbaOlderAge,
        int bellSteroidWindowDays,
        double caffeineLimitMgPerDay,
        double minSleepHours) implements Fact {

    /** The spec's defaults. */
    public static final PolicySettings DEFAULTS = new PolicySettings(90, 84, 84, true, 40, 65, 60, 90, 30, 60, 3, 400, 7);

    @Override
    public String path() {
        return "policy";
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /**
     * This policy with some parameters replaced, by name (e.g. {@code beersAge: 70}).
     *
     * @throws IllegalArgumentException naming the parameter that is unknown or of the wrong type
     */
    public PolicySettings withOverrides(Map<String, ?> overrides) {
        if (overrides == null || overrides.isEmpty()) return this;
        @SuppressWarnings("unchecked")
        Map<String, Object> merged = new LinkedHashMap<>(MAPPER.convertValue(this, Map.class));
        merged.putAll(overrides);
        try {
            return MAPPER.convertValue(merged, PolicySettings.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("policy: " + e.getMessage().lines().findFirst().orElse("")
                    + "; expected parameters: " + String.join(", ", MAPPER.convertValue(DEFAULTS, Map.class).keySet()));
        }
    }

    /** This policy with {@code requireImagingBeforeBebLabel} set. */
    public PolicySettings withRequireImagingBeforeBebLabel(boolean value) {
        return new PolicySettings(eyelidMyokymiaReviewDays, bontMinIntervalDays, bontSpreadWindowDays, value,
                hfsAtypicalOnsetAge, beersAge, baclofenEgfrCutoff, drbaExposureDays, drbaExposureDaysOlder,
                drbaOlderAge, bellSteroidWindowDays, caffeineLimitMgPerDay, minSleepHours);
    }
}
