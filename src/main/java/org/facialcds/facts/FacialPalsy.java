package org.facialcds.facts;

import java.time.LocalDate;

/** An earlier facial palsy ({@code $.history.facialPalsy}); present only when documented. */
public record FacialPalsy(
        Side side,
        LocalDate onsetDate,
        Integer daysSinceOnset,
        PalsyCause cause,
        Recovery recovery) implements Fact {

    @Override
    public String path() {
        return "$.history.facialPalsy";
    }

    @Override
    public String pathOf(String property) {
        return "daysSinceOnset".equals(property) ? path() + ".onsetDate" : path() + "." + property;
    }
}
