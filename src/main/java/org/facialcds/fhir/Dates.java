package org.facialcds.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Type;

/** FHIR dates to calendar days (as written, in the record's own time zone) and numbers to JSON. */
final class Dates {

    private Dates() {
    }

    /** The day of a date or dateTime given to the day or finer; null when absent or coarser (year, month). */
    static LocalDate day(BaseDateTimeType value) {
        if (value == null || !value.hasValue() || value.getPrecision() == null
                || value.getPrecision().ordinal() < TemporalPrecisionEnum.DAY.ordinal()) {
            return null;
        }
        String text = value.getValueAsString();
        if (text == null || text.length() < 10) {
            return null;
        }
        try {
            return LocalDate.parse(text.substring(0, 10));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The day of a choice value: a date/dateTime/instant, or a Period's start (else its end). */
    static LocalDate day(Type value) {
        if (value instanceof BaseDateTimeType dt) {
            return day(dt);
        }
        if (value instanceof Period period) {
            LocalDate start = day(period.getStartElement());
            return start != null ? start : day(period.getEndElement());
        }
        return null;
    }

    /** The end of a Period choice value (null for a point in time). */
    static LocalDate end(Type value) {
        return value instanceof Period period ? day(period.getEndElement()) : null;
    }

    static LocalDate latest(LocalDate a, LocalDate b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isAfter(b) ? a : b;
    }

    /** A whole number as an int node (as Jackson reads {@code 90}), anything else as a double. */
    static JsonNode number(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        if (v.scale() <= 0) {
            try {
                return JsonNodeFactory.instance.numberNode(v.intValueExact());
            } catch (ArithmeticException e) {
                // too large for an int: a double below
            }
        }
        return JsonNodeFactory.instance.numberNode(value.doubleValue());
    }
}
