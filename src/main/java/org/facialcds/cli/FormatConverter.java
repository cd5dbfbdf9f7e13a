package org.facialcds.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --format}: {@code text} or {@code json}, in any case. */
final class FormatConverter implements ITypeConverter<EvaluateCommand.Format> {

    @Override
    public EvaluateCommand.Format convert(String value) {
        try {
            return EvaluateCommand.Format.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not a format; expected text or json");
        }
    }
}
