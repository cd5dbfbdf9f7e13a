package org.facialcds.facts;

/** One problem in a patient input: where it is (a JSON path) and what was expected. */
public record InputProblem(String path, String message) {

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
