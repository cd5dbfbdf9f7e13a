package org.facialcds.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.facialcds.Configuration;
import org.facialcds.FacialCds;
import org.facialcds.scenario.Coverage;
import org.facialcds.scenario.RuleCatalogue;
import org.facialcds.scenario.Scenario;
import org.facialcds.scenario.ScenarioException;
import org.facialcds.scenario.ScenarioLoader;
import org.facialcds.scenario.ScenarioRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code facial-cds catalogue}: every rule with its id, name, file, evidence, level, the codes it can
 * produce, the policy parameters it uses and the scenarios that fire it (the scenarios are run),
 * then the code catalogue; as Markdown or self-contained HTML.
 */
@Command(name = "catalogue", aliases = "catalog", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Write the rule catalogue: per rule its id, name, file, evidence, level, the codes it can produce,"
                + " the policy parameters it uses and the scenarios that cover it (running DIR/scenarios); then the"
                + " recommendation codes with the rules that produce each."})
final class CatalogueCommand implements Callable<Integer> {

    /** Output formats. */
    enum Format { MARKDOWN, HTML }

    @ParentCommand
    Main main;

    @Option(names = "--rules", paramLabel = "DIR", description = "Rules directory (default: ./rules).")
    Path rules;

    @Option(names = "--format", paramLabel = "markdown|html", defaultValue = "markdown", converter = FormatName.class,
            description = "markdown (default) or html (one self-contained page).")
    Format format;

    @Option(names = "--output", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    @Override
    public Integer call() {
        Path dir = Inputs.authoringRules(rules, main.err);
        if (dir == null) return Main.EXIT_INVALID;
        Inputs.Built built = Inputs.build(Configuration.builder().rulesDirectory(dir).poolSize(2).build(), main.err);
        if (!built.ok()) return built.exitCode();
        FacialCds cds = built.cds();
        try (cds) {
            Coverage coverage = new Coverage(cds.rules());
            int count = 0;
            Path scenarios = Inputs.scenarios(dir);
            ScenarioRunner runner = new ScenarioRunner(cds);
            for (Path file : ScenarioLoader.files(List.of(scenarios))) {
                try {
                    for (Scenario s : ScenarioLoader.loadFile(file)) {
                        coverage.add(runner.run(s));
                        count++;
                    }
                } catch (ScenarioException e) {
                    main.err.println(Main.NAME + ": warning: " + e.getMessage() + " (its scenarios are not counted)");
                }
            }
            RuleCatalogue catalogue = new RuleCatalogue(cds.knowledgeBase().name(), cds.knowledgeBase().version(),
                    cds.ruleBook().rules(), coverage.scenariosByRule(), count);
            String text = format == Format.HTML ? catalogue.html() : catalogue.markdown();
            if (output == null) {
                main.out.print(text);
                main.out.flush();
            } else {
                Path parent = output.toAbsolutePath().getParent();
                if (parent != null) Files.createDirectories(parent);
                Files.writeString(output, text, StandardCharsets.UTF_8);
                main.err.println("Wrote " + output + " (" + cds.ruleBook().rules().size() + " rules, " + count + " scenarios)");
            }
            return Main.EXIT_OK;
        } catch (IOException e) {
            main.err.println(Main.NAME + ": cannot write " + output + ": " + Inputs.reason(e));
            return Main.EXIT_INVALID;
        }
    }

    /** {@code --format}: markdown (or md) and html, in any case. */
    static final class FormatName implements ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "markdown", "md" -> Format.MARKDOWN;
                case "html" -> Format.HTML;
                default -> throw new TypeConversionException("'" + value + "' is not a format; expected markdown or html");
            };
        }
    }
}
