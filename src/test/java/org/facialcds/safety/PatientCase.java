package org.facialcds.safety;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A generated patient-facts document and the archetype it was drawn around; prints as its JSON. */
record PatientCase(PatientGen.Archetype archetype, ObjectNode json) {

    /** A deep copy to change. */
    ObjectNode copy() {
        return json.deepCopy();
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
