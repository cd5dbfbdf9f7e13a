package org.facialcds;

/**
 * An error with a stable code, e.g. {@code FCDS-0101}; the message says what was expected.
 * Codes: 01xx input, 02xx rules, 03xx configuration and I/O.
 */
public class FacialCdsException extends RuntimeException {

    private final String code;

    public FacialCdsException(String code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    public FacialCdsException(String code, String message, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
    }

    /** The stable error code, e.g. {@code FCDS-0101}. */
    public String code() {
        return code;
    }
}
