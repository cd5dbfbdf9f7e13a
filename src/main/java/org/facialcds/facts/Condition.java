package org.facialcds.facts;

/** A coexisting condition, given as our word or mapped from a SNOMED CT / ICD-10-CM code. */
public record Condition(int index, ConditionName name, String system, String code) implements Fact {

    @Override
    public String path() {
        return "$.conditions[" + index + "]";
    }

    @Override
    public String pathOf(String property) {
        return path();
    }
}
