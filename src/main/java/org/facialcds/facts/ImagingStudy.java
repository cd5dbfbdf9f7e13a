package org.facialcds.facts;

import java.time.LocalDate;
import java.util.Set;

/**
 * A brain imaging study. {@code counts} is true for a study DONE on or after the twitching's
 * onset, or undated, or with an undated onset (clinical-pathway.md §10 rule 26): an earlier
 * study counts for nothing.
 */
public record ImagingStudy(
        int index,
        Modality modality,
        ImagingStatus status,
        LocalDate date,
        Boolean contrast,
        Protocol protocol,
        Set<Finding> findings,
        boolean counts) implements Fact {

    public ImagingStudy {
        findings = findings == null ? Set.of() : Set.copyOf(findings);
    }

    /** Names the fact by its place in the input only: facts reach Drools' trace logging, patient data must not. */
    @Override
    public String toString() {
        return "ImagingStudy at " + path();
    }

    @Override
    public String path() {
        return "$.imaging[" + index + "]";
    }

    @Override
    public String pathOf(String property) {
        return "counts".equals(property) ? path() + ".date" : path() + "." + property;
    }
}
