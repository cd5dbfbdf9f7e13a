package org.facialcds.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.facialcds.Configuration;
import org.facialcds.Evaluation;
import org.facialcds.EvaluationJson;
import org.facialcds.FacialCds;
import org.facialcds.FacialCdsException;
import org.facialcds.InvalidInputException;
import org.facialcds.Recommendation;
import org.facialcds.facts.Code;
import org.facialcds.facts.InputProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code facial-cds batch}: many patients, one per NDJSON line (or one per patient of a FHIR bulk export,
 * see {@link FhirBulkSource}), evaluated on several threads and written in input order. Streams: one
 * reader, a bounded queue of results in input order (the reordering buffer), the workers, and this thread
 * writing, so memory stays flat for any input size. An invalid line or patient becomes an
 * {@code {"line": n, "error": "…"}} record and a line on standard error; the batch goes on.
 */
@Command(name = "batch", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Evaluate many patients: one patient-facts JSON object per input line (NDJSON), or a",
                "FHIR R4 bulk export (a directory of one NDJSON file per resource type) grouped by patient;",
                "results streamed in input order (FHIR: patient-id order), one JSON object per line.",
                "Decision support only: suggestions for a clinician, never orders."})
final class BatchCommand implements java.util.concurrent.Callable<Integer> {

    /** Results waiting to be written, per worker thread: bounds the reordering buffer ({@link BatchSource#itemsPerThread}). */
    static final int WINDOW_PER_THREAD = 256;
    /** At most this many invalid lines are also told on standard error (all are in the output). */
    static final int MAX_ERRORS_SHOWN = 1000;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParentCommand
    Main main;

    @Option(names = "--input", required = true, paramLabel = "FILE.ndjson|DIR",
            description = "Patient-facts NDJSON file (one patient per line), a directory of *.ndjson files"
                    + " read in name order, or '-' for standard input; or a FHIR R4 bulk export (a directory of"
                    + " Patient.000.ndjson, Condition.000.ndjson, ...; or one NDJSON file of FHIR resources).")
    String input;

    @Option(names = "--output", required = true, paramLabel = "FILE.ndjson",
            description = "Where the results go, one JSON object per input line in input order; '-' for standard output.")
    String output;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: the number of cores).")
    Integer threads;

    @Option(names = "--rules", paramLabel = "DIR",
            description = "Rules directory to compile now (default: the rules bundled in the jar).")
    Path rules;

    @Option(names = "--no-reasoning", description = "Leave out the 'because' reasoning (faster).")
    boolean noReasoning;

    @Option(names = "--temp-dir", paramLabel = "DIR",
            description = "Where a FHIR bulk export is grouped by patient (about the export's size, deleted at the"
                    + " end; default: the system's temporary directory).")
    Path tempDir;

    @Option(names = "--as-of", paramLabel = "DATE", converter = IsoDate.class,
            description = "Evaluation date (ISO, e.g. 2026-11-26); replaces each patient's asOf.")
    LocalDate asOf;

    @Override
    public Integer call() {
        PrintStream err = main.err;
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1 || workers > 256) {
            err.println(Main.NAME + ": --threads must be from 1 to 256, was " + workers);
            return Main.EXIT_INVALID;
        }
        if (!EvaluateCommand.STDIN.equals(input) && !Files.exists(Path.of(input))) {
            err.println(Main.NAME + ": cannot read " + input + ": no such file or directory");
            return Main.EXIT_INVALID;
        }
        Integer rulesProblem = Inputs.checkRulesDirectory(rules, err);
        if (rulesProblem != null) return rulesProblem;

        BatchSource source;
        try {
            source = BatchSource.open(input, main.in, tempDir);
        } catch (IOException e) {
            err.println(Main.NAME + ": cannot read " + input + ": " + Inputs.reason(e));
            return Main.EXIT_INVALID;
        }
        try (source) {
            Inputs.Built built = Inputs.build(Configuration.builder().rulesDirectory(rules).poolSize(workers)
                        .captureReasoning(!noReasoning).build(), err);
            if (!built.ok()) return built.exitCode();
            FacialCds cds = built.cds();
            try (cds; Writer out = openOutput()) {
                return new Run(cds, source, out, workers).execute();
            }
        } catch (IOException e) {
            err.println(Main.NAME + ": cannot write " + output + ": " + Inputs.reason(e));
            return Main.EXIT_INVALID;
        }
    }

    private Writer openOutput() throws IOException {
        OutputStream stream = EvaluateCommand.STDIN.equals(output)
                ? new NonClosing(main.out) : Files.newOutputStream(Path.of(output));
        return new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
    }

    /**
     * One result line, with what the summary counts; an error names where (file, line) and whose (patient id,
     * when known). Not the item: a FHIR patient's resources are let go once read.
     */
    private record Outcome(String json, Code[] codes, String error, String file, long line, String patientId,
            long position) {

        static Outcome evaluated(String json, Code[] codes, long position) {
            return new Outcome(json, codes, null, null, 0, null, position);
        }

        static Outcome failed(BatchSource.Item item, String error, long position) {
            return new Outcome(null, null, error, item.file(), item.line(), item.patientId(), position);
        }
    }

    private static final Outcome END = Outcome.evaluated(null, null, 0);

    /** One batch: a reader thread, the worker pool, and the calling thread writing in input order. */
    private final class Run {
        private final FacialCds cds;
        private final BatchSource source;
        private final Writer out;
        private final int workers;
        private final BlockingQueue<CompletableFuture<Outcome>> inOrder;
        private final LongAdder[] byCode = new LongAdder[Code.values().length];
        private volatile IOException readFailure;

        Run(FacialCds cds, BatchSource source, Writer out, int workers) {
            this.cds = cds;
            this.source = source;
            this.out = out;
            this.workers = workers;
            this.inOrder = new ArrayBlockingQueue<>(workers * source.itemsPerThread());
            for (int i = 0; i < byCode.length; i++) byCode[i] = new LongAdder();
        }

        int execute() throws IOException {
            PrintStream err = main.err;
            long started = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(workers, named("facial-cds-batch-"));
            Thread reader = named("facial-cds-batch-reader").newThread(() -> read(pool));
            Progress progress = Progress.forTerminal(err, source, started);
            long patients = 0;
            long errors = 0;
            long written = 0; // input position of the last result written, for the progress bar
            boolean writeFailed = true;
            reader.start();
            try {
                while (true) {
                    CompletableFuture<Outcome> next = progress == null ? inOrder.take()
                            : inOrder.poll(Progress.REDRAW_NANOS, TimeUnit.NANOSECONDS);
                    if (next == null) { // nothing to write yet (e.g. a FHIR export being grouped): redraw
                        progress.update(patients + errors, written);
                        continue;
                    }
                    Outcome o = next.join();
                    if (o == END) break;
                    if (o.error() != null) {
                        errors++;
                        ObjectNode record = MAPPER.createObjectNode();
                        if (o.file() != null) record.put("file", o.file());
                        record.put("line", o.line());
                        if (o.patientId() != null) record.put("patientId", o.patientId());
                        record.put("error", o.error());
                        out.write(MAPPER.writeValueAsString(record));
                        if (errors <= MAX_ERRORS_SHOWN) {
                            if (progress != null) progress.clear();
                            // no patient id here: standard error may end up in a log
                            err.println(Main.NAME + ": " + (o.file() == null ? "" : o.file() + ": ") + "line " + o.line()
                                    + ": " + o.error());
                            if (errors == MAX_ERRORS_SHOWN) {
                                err.println(Main.NAME + ": further invalid lines and patients are only in the output");
                            }
                        }
                    } else {
                        patients++;
                        out.write(o.json());
                        for (Code c : o.codes()) byCode[c.ordinal()].increment();
                    }
                    out.write('\n');
                    written = o.position();
                    if (progress != null) progress.update(patients + errors, written);
                }
                out.flush();
                writeFailed = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } finally {
                if (writeFailed) reader.interrupt();
                pool.shutdownNow();
                try {
                    // after a failure the reader may be blocked reading standard input: it is a daemon, do not wait long
                    reader.join(writeFailed ? 1000 : 0);
                    pool.awaitTermination(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (progress != null) progress.clear();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            summary(err, patients, errors, seconds);
            if (readFailure != null) {
                err.println(Main.NAME + ": cannot read " + input + ": " + Inputs.reason(readFailure)
                        + "; the results above are complete up to there");
                return Main.EXIT_INVALID;
            }
            return errors > 0 ? Main.EXIT_INVALID : Main.EXIT_OK;
        }

        /** The reader thread: each item goes to the pool; its future joins the in-order queue (blocking when full). */
        private void read(ExecutorService pool) {
            try {
                BatchSource.Item item;
                while ((item = source.next()) != null) {
                    BatchSource.Item it = item;
                    long position = source.bytesRead(); // where this line ends, near enough, for the progress bar
                    inOrder.put(CompletableFuture.supplyAsync(() -> evaluate(it, position), pool));
                }
            } catch (IOException e) {
                readFailure = e;
            } catch (InterruptedException e) {
                return; // the writer stopped
            } catch (RuntimeException e) {
                readFailure = new IOException(Main.describe(e), e);
            }
            try {
                inOrder.put(CompletableFuture.completedFuture(END));
            } catch (InterruptedException e) {
                // the writer stopped
            }
        }

        /** On a worker: read, validate, evaluate and write one patient; never throws. */
        private Outcome evaluate(BatchSource.Item item, long position) {
            try {
                Evaluation evaluation = cds.evaluate(item.read(cds, asOf));
                Code[] codes = new Code[evaluation.recommendations().size()];
                int i = 0;
                for (Recommendation r : evaluation.recommendations()) codes[i++] = r.code();
                return Outcome.evaluated(EvaluationJson.toJson(evaluation), codes, position);
            } catch (InvalidInputException e) {
                StringBuilder s = new StringBuilder(e.code()).append(" invalid patient input: ");
                int n = 0;
                for (InputProblem p : e.problems()) s.append(n++ == 0 ? "" : "; ").append(p);
                return Outcome.failed(item, s.toString(), position);
            } catch (FacialCdsException e) {
                return Outcome.failed(item, firstLine(e), position);
            } catch (BatchSource.ProblemAt e) {
                return new Outcome(null, null, firstLine((FacialCdsException) e.getCause()), e.file, e.line,
                        item.patientId(), position);
            } catch (RuntimeException e) {
                return Outcome.failed(item, "internal error: " + Main.describe(e), position);
            }
        }

        private static String firstLine(FacialCdsException e) {
            return e.getMessage().lines().findFirst().orElse(e.code());
        }

        private void summary(PrintStream err, long patients, long errors, double seconds) {
            long total = patients + errors;
            err.printf(Locale.ROOT, "%s: batch: %d %s evaluated, %d invalid, in %.1f s (%,.0f patients/s, %d %s)%n",
                    Main.NAME, patients, patients == 1 ? "patient" : "patients", errors, seconds,
                    seconds > 0 ? total / seconds : 0.0, workers, workers == 1 ? "thread" : "threads");
            for (String note : source.notes()) err.println(Main.NAME + ": batch: " + note);
            boolean any = false;
            for (Code c : Code.values()) {
                long n = byCode[c.ordinal()].sum();
                if (n == 0) continue;
                if (!any) err.println("recommendations by code:");
                any = true;
                err.printf(Locale.ROOT, "  %-36s %d%n", c.name(), n);
            }
            err.println(org.facialcds.Evaluation.DISCLAIMER);
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix.endsWith("-") ? prefix + n.incrementAndGet() : prefix);
            t.setDaemon(true);
            return t;
        };
    }

    /** Standard output stays open after the batch. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
