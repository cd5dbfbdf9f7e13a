package org.facialcds.facts;

/** Relevant history other than facial palsy and botulinum toxin, which have facts of their own. */
public record History(
        Boolean headNeckRadiation,
        Boolean priorEyelidSurgery,
        Boolean visualEpisode,
        Boolean falls) implements Fact {

    /** Names the fact by its place in the input only: facts reach Drools' trace logging, patient data must not. */
    @Override
    public String toString() {
        return "History at " + path();
    }

    @Override
    public String path() {
        return "$.history";
    }
}
