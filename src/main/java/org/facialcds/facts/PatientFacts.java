package org.facialcds.facts;

import java.util.ArrayList;
import java.util.List;

/**
 * One patient's input, validated and turned into the facts the rules match. Optional parts
 * ({@code facialPalsy}, {@code toxinHistory}) are {@code null} when not documented; the other
 * parts are always present, with {@code null} fields where the input is silent.
 * {@code warnings} are data problems that did not invalidate the input (unmapped codes, …).
 */
public record PatientFacts(
        Patient patient,
        Twitching twitching,
        Exam exam,
        History history,
        FacialPalsy facialPalsy,
        ToxinHistory toxinHistory,
        Lifestyle lifestyle,
        List<Condition> conditions,
        List<Medication> medications,
        List<ImagingStudy> imaging,
        List<String> warnings) {

    public PatientFacts {
        conditions = List.copyOf(conditions);
        medications = List.copyOf(medications);
        imaging = List.copyOf(imaging);
        warnings = List.copyOf(warnings);
    }

    /** Every fact to insert into a rule session, in a fixed order. */
    public List<Fact> facts() {
        List<Fact> all = new ArrayList<>();
        all.add(patient);
        all.add(twitching);
        all.add(exam);
        all.add(history);
        if (facialPalsy != null) all.add(facialPalsy);
        if (toxinHistory != null) all.add(toxinHistory);
        all.add(lifestyle);
        all.addAll(conditions);
        all.addAll(medications);
        all.addAll(imaging);
        return all;
    }
}
