package org.facialcds.facts;

/** A coexisting condition, given as our word or mapped from a SNOMED CT / ICD-10-CM code. */
public record Condition(int index, ConditionName name, String system, String code) implements Fact {

    /** Names the fact by its place in the input only: facts reach Drools' trace logging, patient data must not. */
    @Override
    public String toString() {
        return "Condition at " + path();
    }

    @Override
    public String path() {
        return "$.conditions[" + index + "]";
    }

    @Override
    public String pathOf(String property) {
        return path();
    }
}
