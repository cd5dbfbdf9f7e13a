package org.facialcds.facts;

import java.time.LocalDate;

/** An earlier facial palsy ({@code $.history.facialPalsy}); present only when documented. */
public record FacialPalsy(
        Side side,
        LocalDate onsetDate,
        Integer daysSinceOnset,
        PalsyCause cause,
        Recovery recovery) implements Fact {

    /** Names the fact by its place in the input only: facts reach Drools' trace logging, patient data must not. */
    @Override
    public String toString() {
        return "FacialPalsy at " + path();
    }

    @Override
    public String path() {
        return "$.history.facialPalsy";
    }

    @Override
    public String pathOf(String property) {
        return "daysSinceOnset".equals(property) ? path() + ".onsetDate" : path() + "." + property;
    }
}
