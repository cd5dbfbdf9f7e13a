package org.facialcds.facts;

/** Relevant history other than facial palsy and botulinum toxin, which have facts of their own. */
public record History(
        Boolean headNeckRadiation,
        Boolean priorEyelidSurgery,
        Boolean visualEpisode,
        Boolean falls) implements Fact {

    @Override
    public String path() {
        return "$.history";
    }
}
