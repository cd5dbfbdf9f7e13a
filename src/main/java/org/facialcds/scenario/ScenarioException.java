package org.facialcds.scenario;

/** A scenario file that cannot be read: the file and what is wrong, by path. */
public final class ScenarioException extends RuntimeException {

    public ScenarioException(String message) {
        super("FCDS-0401: " + message);
    }
}
