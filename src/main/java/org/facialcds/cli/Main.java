package org.facialcds.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.facialcds.FacialCds;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code facial-cds} command: {@code evaluate} patient-facts files, {@code validate} a rules
 * directory. Exit codes: 0 success, 2 invalid input, unreadable file or bad usage, 3 rules that do
 * not compile, 1 an unexpected internal error. Errors go to standard error, one line per problem.
 */
@Command(name = "facial-cds",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        subcommands = {EvaluateCommand.class, FactsCommand.class, ValidateCommand.class, BatchCommand.class, GenerateCommand.class, TestCommand.class, ExplainCommand.class, CatalogueCommand.class, ServeCommand.class, FeedbackReportCommand.class},
        description = {"Clinical decision support for facial twitching.",
                "Decision support only: suggestions for a clinician, never orders."},
        footer = {"", "Exit codes: 0 success; 1 scenarios failed (test) or an internal error; 2 invalid input, unreadable file or bad usage; 3 rules that do not compile."})
public final class Main implements Callable<Integer> {

    /** Success. */
    public static final int EXIT_OK = 0;
    /** An unexpected internal error (a bug): the message says what failed. */
    public static final int EXIT_INTERNAL = 1;
    /** {@code test}: a scenario failed (or, with {@code --require-full-coverage}, a rule no scenario fires). Shares 1 with internal errors: both fail a CI job. */
    public static final int EXIT_FAILED = 1;
    /** Invalid patient input, a missing or unreadable file, or bad usage. */
    public static final int EXIT_INVALID = 2;
    /** The rules do not compile. */
    public static final int EXIT_RULES = 3;

    static final String NAME = "facial-cds";

    static {
        quietLogging();
    }

    final InputStream in;
    final PrintStream out;
    final PrintStream err;

    @Spec
    CommandSpec spec;

    private Main(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /** Runs the command and exits the JVM with its exit code. */
    public static void main(String... args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = run(System.in, out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the command in this JVM, reading {@code -} from standard input; returns the exit code. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        return run(System.in, out, err, args);
    }

    /** Runs the command in this JVM; {@code -} as a file reads {@code in}. Returns the exit code. */
    public static int run(InputStream in, PrintStream out, PrintStream err, String... args) {
        quietLogging();
        CommandLine cmd = new CommandLine(new Main(in, out, err));
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        cmd.setOut(outWriter);
        cmd.setErr(errWriter);
        cmd.setParameterExceptionHandler(Main::usageError);
        cmd.setExecutionExceptionHandler((ex, commandLine, parsed) -> {
            err.println(NAME + ": internal error: " + describe(ex));
            return EXIT_INTERNAL;
        });
        int code;
        try {
            code = cmd.execute(args);
        } finally {
            outWriter.flush();
            errWriter.flush();
            out.flush();
            err.flush();
        }
        return code;
    }

    /** No subcommand: say what to type. */
    @Override
    public Integer call() {
        err.println(NAME + ": missing command; expected 'evaluate' or 'validate'");
        spec.commandLine().usage(err);
        return EXIT_INVALID;
    }

    private static int usageError(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(NAME + ": " + ex.getMessage());
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return EXIT_INVALID;
    }

    /** The library logs through slf4j; keep the terminal for results unless the user asked for more. */
    private static void quietLogging() {
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.org.drools", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.org.kie", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.ca.uhn.fhir", "warn");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** One line about an unexpected exception, without a stack trace. */
    static String describe(Throwable ex) {
        String message = ex.getMessage();
        String text = ex.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return text.lines().findFirst().orElse(text);
    }

    /** {@code --version}: the engine version. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {NAME + " " + FacialCds.ENGINE_VERSION};
        }
    }
}
