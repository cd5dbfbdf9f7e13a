package org.facialcds.facts;

import java.time.LocalDate;

/** Botulinum toxin history ({@code $.history.botulinumToxin}); present only when documented. */
public record ToxinHistory(
        LocalDate lastInjectionDate,
        Integer daysSinceInjection,
        ToxinResponse response,
        Boolean hypersensitivity,
        Boolean injectionSiteInfection) implements Fact {

    /** Names the fact by its place in the input only: facts reach Drools' trace logging, patient data must not. */
    @Override
    public String toString() {
        return "ToxinHistory at " + path();
    }

    @Override
    public String path() {
        return "$.history.botulinumToxin";
    }

    @Override
    public String pathOf(String property) {
        return "daysSinceInjection".equals(property) ? path() + ".lastInjectionDate" : path() + "." + property;
    }
}
