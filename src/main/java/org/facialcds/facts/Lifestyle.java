package org.facialcds.facts;

/** Lifestyle factors ({@code $.lifestyle}). */
public record Lifestyle(
        Double caffeineMgPerDay,
        Double sleepHoursPerNight,
        Boolean highStress,
        AlcoholUse alcoholUse) implements Fact {

    @Override
    public String path() {
        return "$.lifestyle";
    }
}
