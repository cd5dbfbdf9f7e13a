package org.facialcds.facts;

import java.time.LocalDate;

/** Botulinum toxin history ({@code $.history.botulinumToxin}); present only when documented. */
public record ToxinHistory(
        LocalDate lastInjectionDate,
        Integer daysSinceInjection,
        ToxinResponse response,
        Boolean hypersensitivity,
        Boolean injectionSiteInfection) implements Fact {

    @Override
    public String path() {
        return "$.history.botulinumToxin";
    }

    @Override
    public String pathOf(String property) {
        return "daysSinceInjection".equals(property) ? path() + ".lastInjectionDate" : path() + "." + property;
    }
}
