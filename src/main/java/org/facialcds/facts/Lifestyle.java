package org.facialcds.facts;

/** Lifestyle factors ({@code $.lifestyle}). */
public record Lifestyle(
        Double caffeineMgPerDay,
        Double sleepHoursPerNight,
        Boolean highStress,
        AlcoholUse alcoholUse) implements Fact {

    /** Names the fact by its place in the input only: facts reach Drools' trace logging, patient data must not. */
    @Override
    public String toString() {
        return "Lifestyle at " + path();
    }

    @Override
    public String path() {
        return "$.lifestyle";
    }
}
