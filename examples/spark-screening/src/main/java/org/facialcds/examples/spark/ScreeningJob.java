package org.facialcds.examples.spark;

import java.io.PrintStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.facialcds.Evaluation;

/**
 * The screening job's entry point, for spark-submit and for local runs:
 * <pre>
 * spark-submit --class org.facialcds.examples.spark.ScreeningJob target/spark-screening.jar \
 *     --input hdfs:///exports/2026-11 --output hdfs:///screening/2026-11
 * java [Spark's Java 17 options] -cp ... org.facialcds.examples.spark.ScreeningJob --input pop.ndjson --output out --master local[2]
 * </pre>
 * Exit codes: 0 the tables are written (invalid patients are rows of {@code errors}, not failures); 2 bad usage
 * or unreadable input; 1 the job failed.
 */
public final class ScreeningJob {

    static final String USAGE = String.join("\n",
            "usage: spark-screening --input FILE|DIR --output DIR [options]",
            "  --input FILE|DIR            patient-facts NDJSON (one patient per line), or a FHIR R4 bulk export",
            "                              directory (NDJSON per resource type); *.ndjson and *.ndjson.gz, any Hadoop path",
            "  --output DIR                where the tables go (recommendations/, patients/, errors/, summary_by_code/,",
            "                              summary_by_code.csv, run-summary.txt); existing tables are replaced",
            "  --format auto|facts|fhir    what the input holds (default: auto, told by the first line of each file)",
            "  --as-of DATE                evaluation date (ISO); default: each patient-facts line's asOf, else today",
            "  --partitions N              partitions to evaluate in (facts: lines spread over N; FHIR: the shuffle's",
            "                              spark.sql.shuffle.partitions); default: Spark's",
            "  --medication-list-complete  the export holds every medication the patients take (FHIR)",
            "  --master URL                e.g. local[2]; default: spark-submit's, else local[*]",
            Evaluation.DISCLAIMER);

    private ScreeningJob() {
    }

    public static void main(String[] args) {
        int code = run(System.out, System.err, args);
        if (code != 0) System.exit(code);
    }

    /** Parses the arguments, runs the job in a session of its own, and returns the exit code. */
    static int run(PrintStream out, PrintStream err, String... args) {
        Parsed parsed;
        try {
            parsed = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("spark-screening: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (parsed == null) {
            out.println(USAGE);
            return 0;
        }
        SparkSession.Builder builder = SparkSession.builder().appName("facial-cds screening");
        String master = parsed.master() != null ? parsed.master()
                : new SparkConf().contains("spark.master") ? null : "local[*]";
        if (master != null) builder.master(master);
        boolean local = master != null ? master.startsWith("local")
                : new SparkConf().get("spark.master", "").startsWith("local");
        if (local && !new SparkConf().contains("spark.driver.bindAddress")) {
            // one JVM: no need to find this machine's name or address on a network
            builder.config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1");
        }
        SparkSession spark = builder.getOrCreate();
        try {
            Screening.Result result = Screening.run(spark, parsed.options());
            out.print(Screening.describe(result));
            out.printf(Locale.ROOT, "master %s, default parallelism %d; tables in %s%n",
                    spark.sparkContext().master(), spark.sparkContext().defaultParallelism(), parsed.options().output());
            return 0;
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            err.println("spark-screening: " + e.getMessage());
            return 2;
        } finally {
            spark.stop();
        }
    }

    /** The options and master; null for --help. */
    record Parsed(Screening.Options options, String master) {
    }

    static Parsed parse(String... args) {
        String input = null;
        String output = null;
        String master = null;
        Screening.Format format = Screening.Format.AUTO;
        LocalDate asOf = null;
        int partitions = 0;
        boolean medicationListComplete = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--medication-list-complete" -> medicationListComplete = true;
                case "--input" -> input = value(args, ++i, a);
                case "--output" -> output = value(args, ++i, a);
                case "--master" -> master = value(args, ++i, a);
                case "--format" -> {
                    String v = value(args, ++i, a);
                    try {
                        format = Screening.Format.valueOf(v.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("--format must be auto, facts or fhir, was " + v);
                    }
                }
                case "--as-of" -> {
                    String v = value(args, ++i, a);
                    try {
                        asOf = LocalDate.parse(v);
                    } catch (DateTimeParseException e) {
                        throw new IllegalArgumentException("--as-of must be an ISO date such as 2026-11-26, was " + v);
                    }
                }
                case "--partitions" -> {
                    String v = value(args, ++i, a);
                    try {
                        partitions = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--partitions must be a whole number, was " + v);
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (input == null || output == null) throw new IllegalArgumentException("--input and --output are required");
        return new Parsed(new Screening.Options(input, output, format, asOf, partitions, medicationListComplete), master);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }
}
