package org.facialcds.examples.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.size;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.facialcds.Evaluation;
import org.facialcds.examples.spark.InputFiles.InputFile;

/**
 * One screening run: reads patient-facts NDJSON or a FHIR bulk export, evaluates every patient with facial-cds
 * (one engine per executor JVM) and writes the tables under the output directory:
 * <pre>
 * recommendations/      Parquet: patient_id, position, code, kind, reason, urgency, field, rule_ids, kb_name, kb_version, kb_sha256
 * patients/             Parquet: one row per patient evaluated, with no recommendation too: codes, warnings,
 *                       fired rules, current medications and their drug classes
 * errors/               Parquet: patient_id, file, line, reason: what could not be evaluated
 * summary_by_code/      Parquet: code, kind, patients, recommendations, share_of_patients
 * summary_by_code.csv   the same, one small CSV file
 * run-summary.txt       counts, knowledge base, the decision-support disclaimer
 * </pre>
 * Decision support only: every row is a suggestion for a clinician, never a diagnosis or an order.
 */
public final class Screening {

    /** What the input holds; {@code AUTO} tells them apart by the first line of each file. */
    public enum Format { AUTO, FACTS, FHIR }

    /**
     * @param asOf the evaluation date; null: each patient-facts line's own {@code asOf} (else today), and for
     *     FHIR today (fixed once on the driver, so every executor uses the same date)
     * @param partitions patient-facts lines are spread over this many partitions before evaluation, and a FHIR
     *     export is grouped into this many ({@code spark.sql.shuffle.partitions}); 0: Spark's own choice
     * @param medicationListComplete the export holds every medication the patients take (FHIR only)
     */
    public record Options(String input, String output, Format format, LocalDate asOf, int partitions,
            boolean medicationListComplete) {

        public Options {
            if (input == null || output == null) throw new IllegalArgumentException("--input and --output are required");
            if (format == null) format = Format.AUTO;
            if (partitions < 0) throw new IllegalArgumentException("--partitions must be 0 or more, was " + partitions);
        }

        public static Options of(String input, String output) {
            return new Options(input, output, Format.AUTO, null, 0, false);
        }
    }

    /** One line of the summary by code. */
    public record CodeCount(String code, String kind, long patients, long recommendations, double shareOfPatients) {
    }

    /** What a run did. {@code notes} say what was skipped (files that are no FHIR resources, lines about no patient). */
    public record Result(Format format, long patients, long errors, long recommendations, double seconds,
            String kbName, String kbVersion, String kbSha256, List<CodeCount> byCode, List<String> notes,
            long tasks, double taskCpuSeconds, double taskRunSeconds) {

        public double patientsPerSecond() {
            return seconds > 0 ? (patients + errors) / seconds : 0;
        }

        /** Executor CPU time per patient or invalid line, in microseconds (all stages: read, evaluate, write). */
        public double cpuMicrosPerPatient() {
            long n = patients + errors;
            return n == 0 ? 0 : 1e6 * taskCpuSeconds / n;
        }
    }

    static final StructType SUMMARY = new StructType()
            .add("code", DataTypes.StringType, false)
            .add("kind", DataTypes.StringType, true)
            .add("patients", DataTypes.LongType, false)
            .add("recommendations", DataTypes.LongType, false)
            .add("share_of_patients", DataTypes.DoubleType, false);

    private Screening() {
    }

    /** Runs the screening and writes the tables; an invalid patient or line is a row of {@code errors}, never a failure. */
    public static Result run(SparkSession spark, Options o) {
        long started = System.nanoTime();
        List<InputFile> files = InputFiles.list(spark, o.input());
        Format format = o.format() != Format.AUTO ? o.format()
                : InputFiles.looksLikeFhirBulkExport(files) ? Format.FHIR : Format.FACTS;
        List<String> notes = new ArrayList<>();
        LongAccumulator withoutPatient = spark.sparkContext().longAccumulator("FHIR resources about no patient");
        TaskTime taskTime = new TaskTime();
        spark.sparkContext().addSparkListener(taskTime);

        Dataset<Row> outcomes;
        if (format == Format.FHIR) {
            spark.conf().set("spark.sql.shuffle.partitions", groupPartitions(spark, o.partitions()));
            List<InputFile> patientFiles = new ArrayList<>();
            List<InputFile> sharedFiles = new ArrayList<>();
            for (InputFile f : files) {
                if (f.firstResourceType() == null) {
                    notes.add("skipped " + f.name() + ": its first line is not a FHIR resource (e.g. an export log)");
                } else if (FhirBulk.SHARED_TYPES.contains(f.firstResourceType())) {
                    sharedFiles.add(f);
                } else {
                    patientFiles.add(f);
                }
            }
            if (patientFiles.isEmpty()) throw new IllegalArgumentException("no FHIR resource files in " + o.input());
            Map<String, FhirBulk.Shared> shared = sharedFiles.isEmpty() ? Map.of()
                    : FhirBulk.shared(InputFiles.lines(spark, sharedFiles).collectAsList());
            if (!shared.isEmpty()) notes.add(shared.size() + " shared resources (Medication) broadcast to the executors");
            LocalDate asOf = o.asOf() != null ? o.asOf() : LocalDate.now();
            outcomes = FhirBulk.outcomes(spark, InputFiles.lines(spark, patientFiles), shared,
                    new FhirBulk.Settings(asOf, o.medicationListComplete()), withoutPatient);
        } else {
            outcomes = PatientFactsInput.outcomes(InputFiles.lines(spark, files), o.asOf(), o.partitions());
        }

        // Evaluated once, read by every table below.
        outcomes = outcomes.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> ok = outcomes.filter(col("error").isNull());
            String out = o.output();
            ok.select(col("patient_id"), col("file"), col("line"), col("as_of"),
                            size(col("recommendations")).as("recommendation_count"),
                            col("codes"),
                            col("warnings"), col("fired_rules"), col("current_medications"),
                            col("kb_name"), col("kb_version"), col("kb_sha256"))
                    .write().mode(SaveMode.Overwrite).parquet(out + "/patients");
            ok.select(col("patient_id"), explode(col("recommendations")).as("r"),
                            col("kb_name"), col("kb_version"), col("kb_sha256"))
                    .select(col("patient_id"), col("r.position").as("position"), col("r.code").as("code"),
                            col("r.kind").as("kind"), col("r.reason").as("reason"), col("r.urgency").as("urgency"),
                            col("r.field").as("field"), col("r.rule_ids").as("rule_ids"),
                            col("kb_name"), col("kb_version"), col("kb_sha256"))
                    .write().mode(SaveMode.Overwrite).parquet(out + "/recommendations");
            outcomes.filter(col("error").isNotNull())
                    .select(col("patient_id"), col("file"), col("line"), col("error").as("reason"))
                    .coalesce(1).write().mode(SaveMode.Overwrite).parquet(out + "/errors");

            Row counts = outcomes.selectExpr(
                    "count_if(error IS NULL) AS patients",
                    "count_if(error IS NOT NULL) AS errors",
                    "coalesce(sum(size(recommendations)) FILTER (WHERE error IS NULL), 0) AS recommendations",
                    "max(kb_name)", "max(kb_version)", "max(kb_sha256)").first();
            long patients = counts.getLong(0);
            long errors = counts.getLong(1);
            // patients: each code once per patient (an AVOID_ code can come with several reasons); no
            // higher-order functions here: Spark interprets them row by row
            Map<String, Long> patientsByCode = new HashMap<>();
            for (Row r : ok.select(explode(col("codes")).as("code")).groupBy("code").count().collectAsList()) {
                patientsByCode.put(r.getString(0), r.getLong(1));
            }
            List<Row> perCode = ok.select(explode(col("recommendations")).as("r"))
                    .groupBy(col("r.code").as("code"), col("r.kind").as("kind")).count()
                    .collectAsList();
            perCode = new ArrayList<>(perCode);
            perCode.sort(Comparator.comparing((Row r) -> -patientsByCode.getOrDefault(r.getString(0), 0L))
                    .thenComparing(r -> r.getString(0)));
            List<CodeCount> byCode = new ArrayList<>();
            List<Row> summaryRows = new ArrayList<>();
            for (Row r : perCode) {
                long n = patientsByCode.getOrDefault(r.getString(0), 0L);
                double share = patients == 0 ? 0 : Math.round(1e6 * n / (double) patients) / 1e6;
                byCode.add(new CodeCount(r.getString(0), r.getString(1), n, r.getLong(2), share));
                summaryRows.add(RowFactory.create(r.getString(0), r.getString(1), n, r.getLong(2), share));
            }
            spark.createDataFrame(summaryRows, SUMMARY).coalesce(1)
                    .write().mode(SaveMode.Overwrite).parquet(out + "/summary_by_code");
            if (withoutPatient.value() > 0) {
                notes.add(withoutPatient.value() + " FHIR resources about no patient (Practitioner, Organization, ...) left out");
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Result result = new Result(format, patients, errors, counts.isNullAt(2) ? 0 : counts.getLong(2), seconds,
                    counts.getString(3), counts.getString(4), counts.getString(5), List.copyOf(byCode), List.copyOf(notes),
                    taskTime.tasks(), taskTime.cpuSeconds(), taskTime.runSeconds());
            writeSmallFiles(spark, out, result);
            return result;
        } finally {
            outcomes.unpersist();
            spark.sparkContext().removeSparkListener(taskTime);
        }
    }

    /**
     * The partitions the FHIR patients are grouped into: {@code --partitions}, else an explicit
     * {@code spark.sql.shuffle.partitions}, else 4 per core of the cluster. Spark's default of 200 is far too many
     * for a small export (a task and a Parquet file per table each) and AQE cannot coalesce them under the
     * cached outcomes; 4 per core evens out patients of very different sizes.
     */
    static int groupPartitions(SparkSession spark, int requested) {
        if (requested > 0) return requested;
        String explicit = spark.sparkContext().getConf().get("spark.sql.shuffle.partitions", null);
        if (explicit != null) return Integer.parseInt(explicit.strip());
        return Math.max(1, 4 * spark.sparkContext().defaultParallelism());
    }

    private static void writeSmallFiles(SparkSession spark, String out, Result r) {
        StringBuilder csv = new StringBuilder("code,kind,patients,recommendations,share_of_patients\n");
        for (CodeCount c : r.byCode()) {
            csv.append(c.code()).append(',').append(c.kind() == null ? "" : c.kind()).append(',').append(c.patients())
                    .append(',').append(c.recommendations()).append(',')
                    .append(String.format(Locale.ROOT, "%.6f", c.shareOfPatients())).append('\n');
        }
        write(spark, out + "/summary_by_code.csv", csv.toString());
        write(spark, out + "/run-summary.txt", describe(r));
    }

    /** The run in a few lines, ending with the decision-support disclaimer. */
    public static String describe(Result r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "facial-cds screening (%s input): %,d patients evaluated, %,d invalid, "
                        + "%,d recommendations, in %.1f s (%,.0f patients/s)%n", r.format().name().toLowerCase(Locale.ROOT),
                r.patients(), r.errors(), r.recommendations(), r.seconds(), r.patientsPerSecond()));
        if (r.kbSha256() != null) {
            s.append("knowledge base: ").append(r.kbName()).append(' ').append(r.kbVersion())
                    .append(" (sha256 ").append(r.kbSha256()).append(")\n");
        }
        s.append(String.format(Locale.ROOT, "executors: %,d tasks, %.1f s CPU (%.0f µs per patient), %.1f s task time%n",
                r.tasks(), r.taskCpuSeconds(), r.cpuMicrosPerPatient(), r.taskRunSeconds()));
        for (String note : r.notes()) s.append("note: ").append(note).append('\n');
        if (!r.byCode().isEmpty()) s.append("patients by code:\n");
        for (CodeCount c : r.byCode()) {
            s.append(String.format(Locale.ROOT, "  %-36s %,10d  (%.1f%%)%n", c.code(), c.patients(), 100 * c.shareOfPatients()));
        }
        s.append(Evaluation.DISCLAIMER).append('\n');
        return s.toString();
    }

    private static void write(SparkSession spark, String file, String text) {
        Path path = new Path(file);
        try {
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            try (Writer w = new OutputStreamWriter(fs.create(path, true), StandardCharsets.UTF_8)) {
                w.write(text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
