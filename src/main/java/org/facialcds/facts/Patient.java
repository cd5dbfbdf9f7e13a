package org.facialcds.facts;

import java.time.LocalDate;

/**
 * The patient as a whole: demographics, top-level fields and which lists are documented.
 * A {@code null} field is undocumented, never false.
 */
public record Patient(
        String id,
        LocalDate asOf,
        Integer age,
        Sex sex,
        Boolean pregnant,
        Boolean breastfeeding,
        MriSafety mriSafety,
        Eeg eeg,
        Double egfr,
        Boolean declinesInjections,
        Boolean wantsDefinitiveTreatment,
        boolean medicationsDocumented,
        boolean conditionsDocumented) implements Fact {

    /** Age range in which pregnancy status matters (clinical-pathway.md §10 rule 7). */
    public static final int CHILDBEARING_AGE_MIN = 12;
    public static final int CHILDBEARING_AGE_MAX = 55;

    /** Names the fact by its place in the input only: facts reach Drools' trace logging, patient data must not. */
    @Override
    public String toString() {
        return "Patient at " + path();
    }

    @Override
    public String path() {
        return "$";
    }

    @Override
    public String pathOf(String property) {
        return switch (property) {
            case "egfr" -> "$.labs.egfr";
            case "declinesInjections", "wantsDefinitiveTreatment" -> "$.preferences." + property;
            case "medicationsDocumented" -> "$.medications";
            case "conditionsDocumented" -> "$.conditions";
            case "couldBePregnant" -> "$.sex, $.age";
            default -> "$." + property;
        };
    }

    /**
     * Whether pregnancy is possible: not male and aged 12–55. Unknown sex or unknown age count
     * as possible (§10 rule 23), and so does OTHER: unknown is not false.
     */
    public boolean couldBePregnant() {
        boolean sexAllows = sex != Sex.MALE;
        boolean ageAllows = age == null || (age >= CHILDBEARING_AGE_MIN && age <= CHILDBEARING_AGE_MAX);
        return sexAllows && ageAllows;
    }
}
