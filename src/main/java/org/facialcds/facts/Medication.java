package org.facialcds.facts;

import java.time.LocalDate;
import java.util.Set;

/**
 * A current or recent medication with its drug classes. The timing fields are computed against
 * {@code asOf} and the twitching onset: {@code current} (no end date, or it ends on or after
 * {@code asOf}); {@code exposureDaysBeforeTwitching} (days taken before the twitching began);
 * {@code daysStoppedBeforeTwitching} (0 when still taken at onset). Unknown dates give {@code null}.
 */
public record Medication(
        int index,
        String name,
        String system,
        String code,
        Set<DrugClass> classes,
        LocalDate startDate,
        LocalDate endDate,
        Route route,
        boolean current,
        Integer exposureDaysBeforeTwitching,
        Integer daysStoppedBeforeTwitching) implements Fact {

    public Medication {
        classes = classes == null ? Set.of() : Set.copyOf(classes);
    }

    /** Names the fact by its place in the input only: facts reach Drools' trace logging, patient data must not. */
    @Override
    public String toString() {
        return "Medication at " + path();
    }

    @Override
    public String path() {
        return "$.medications[" + index + "]";
    }

    @Override
    public String pathOf(String property) {
        return switch (property) {
            case "current" -> path() + ".endDate";
            case "exposureDaysBeforeTwitching" -> path() + ".startDate";
            case "daysStoppedBeforeTwitching" -> path() + ".endDate";
            default -> path() + "." + property;
        };
    }
}
