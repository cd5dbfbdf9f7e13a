package org.facialcds.cli;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --as-of}: an ISO-8601 calendar date such as {@code 2026-11-26}. */
final class IsoDate implements ITypeConverter<LocalDate> {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);

    @Override
    public LocalDate convert(String value) {
        try {
            return LocalDate.parse(value, ISO);
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + value + "' is not a date; expected an ISO date like 2026-11-26");
        }
    }
}
