package org.facialcds.facts;

import java.util.Optional;
import java.util.Set;

/** Maps standard codes and drug names to the words of the fact model; the terminology package implements it. */
public interface Vocabulary {

    /** The condition a SNOMED CT or ICD-10-CM code stands for, if we map it. */
    Optional<ConditionName> condition(String system, String code);

    /**
     * The drug classes of a medication, from its code (RxNorm) or, failing that, its name.
     * Empty when it cannot be classified.
     */
    Set<DrugClass> drugClasses(String system, String code, String name);

    /**
     * Whether the medication is known even if it has none of our classes (e.g. pyridostigmine):
     * a known drug without a class is not worth a warning.
     */
    default boolean recognises(String system, String code, String name) {
        return !drugClasses(system, code, name).isEmpty();
    }
}
