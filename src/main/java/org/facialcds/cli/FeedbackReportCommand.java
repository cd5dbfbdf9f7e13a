package org.facialcds.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.facialcds.FacialCdsException;
import org.facialcds.hooks.FeedbackReport;
import org.facialcds.hooks.ServerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code facial-cds feedback-report}: what clinicians did with the cards, per rule id and knowledge-base version. */
@Command(name = "feedback-report", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Summarise CDS Hooks feedback (accepted / overridden, override reasons) per rule id and",
                "knowledge-base version, from the database 'serve' writes (the same --config)."})
final class FeedbackReportCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = "--config", paramLabel = "FILE", description = "The serve config file (its database section).")
    Path config;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "text (default) or json.", converter = FormatConverter.class)
    EvaluateCommand.Format format;

    @Override
    public Integer call() {
        try {
            ServerSettings.Builder b = config != null ? ServerSettings.fromFile(config) : ServerSettings.builder();
            ServerSettings settings = b.insecureNoAuth(true).build();
            FeedbackReport report = FeedbackReport.read(settings);
            main.out.print(format == EvaluateCommand.Format.JSON ? report.toJson() : report.toText());
            return Main.EXIT_OK;
        } catch (FacialCdsException e) {
            main.err.println(Main.NAME + ": " + e.getMessage().lines().findFirst().orElse(""));
            return Main.EXIT_INVALID;
        } catch (IllegalArgumentException e) {
            main.err.println(Main.NAME + ": " + e.getMessage());
            return Main.EXIT_INVALID;
        }
    }
}
