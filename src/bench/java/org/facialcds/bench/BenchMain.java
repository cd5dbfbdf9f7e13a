package org.facialcds.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks and the command-line measurements (batch throughput and peak RSS, cold
 * start), then writes {@code docs/benchmarks.md}: the figures, the ratios (reasoning overhead, engine
 * share, 2-thread scaling), the targets, and the machine. Run from the project directory:
 * {@code mvn -Pbench test-compile exec:exec@bench}; {@code -Dbench.args=quick} for a short smoke run;
 * {@code -Dbench.args="jmh"} or {@code "cli"} for one half.
 */
public final class BenchMain {

    private static final String JAR = "target/facial-cds.jar";
    private static final String COLD_START_PATIENT = "examples/patients/v13-beb-normal-mri.json";

    private final boolean quick;
    private final List<String> jvmArgs = List.of("-Xms1g", "-Xmx1g");
    private final Map<String, Double> figures = new LinkedHashMap<>();
    private final StringBuilder doc = new StringBuilder();
    private final String loadAtStart = loadAverage();

    private BenchMain(boolean quick) {
        this.quick = quick;
    }

    public static void main(String[] args) throws Exception {
        Set<String> flags = Set.copyOf(Arrays.asList(args));
        boolean quick = flags.contains("quick");
        boolean jmh = !flags.contains("cli");
        boolean cli = !flags.contains("jmh");
        BenchMain main = new BenchMain(quick);
        main.header();
        if (jmh) main.section("CPU time", main::cpu);
        if (jmh) main.section("JMH", main::jmh);
        if (cli) main.section("command line", main::cli);
        main.targets();
        main.machine();
        Path out = Path.of("docs/benchmarks.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, main.doc.toString());
        System.out.println("wrote " + out.toAbsolutePath());
    }

    /** A part of the measurements; one that fails is noted in the document and the others still run. */
    private interface Section {
        void run() throws Exception;
    }

    private void section(String name, Section section) {
        try {
            section.run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            doc.append("\n> The ").append(name).append(" measurements failed: ").append(e).append("\n\n");
        }
    }

    // ---- CPU time -----------------------------------------------------------------------------

    /**
     * CPU time per operation on this thread (ThreadMXBean), median of interleaved rounds after a
     * warm-up: on a shared, overloaded machine wall-clock figures mostly measure the wait for a core,
     * CPU time much less so.
     */
    private void cpu() throws IOException {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        int rounds = quick ? 6 : 14;
        int perRound = quick ? 300 : 1000;
        String[] patients = {"simple", "typical", "complex"};
        try (org.facialcds.FacialCds withReasoning = org.facialcds.FacialCds.withRules(Cases.RULES);
             org.facialcds.FacialCds plain = org.facialcds.FacialCds.create(org.facialcds.Configuration.builder()
                     .rulesDirectory(Cases.RULES).captureReasoning(false).build())) {
            org.facialcds.scenario.PatientGenerator generator = new org.facialcds.scenario.PatientGenerator(20261126);
            String[] mix = new String[1024];
            for (int i = 0; i < mix.length; i++) mix[i] = generator.json(i);
            // columns: reasoning, no reasoning, full pipeline, floor
            double[][][] t = new double[patients.length + 1][4][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int p = 0; p <= patients.length; p++) {
                    String[] json = p < patients.length ? new String[] {Cases.json(patients[p])} : mix;
                    org.facialcds.facts.PatientFacts[] facts = new org.facialcds.facts.PatientFacts[json.length];
                    for (int i = 0; i < json.length; i++) facts[i] = withReasoning.read(json[i], null);
                    org.facialcds.Evaluation[] done = new org.facialcds.Evaluation[json.length];
                    for (int i = 0; i < json.length; i++) done[i] = withReasoning.evaluate(facts[i]);
                    long start = mx.getCurrentThreadCpuTime();
                    for (int i = 0; i < perRound; i++) withReasoning.evaluate(facts[i % facts.length]);
                    t[p][0][r] = (mx.getCurrentThreadCpuTime() - start) / 1e3 / perRound;
                    start = mx.getCurrentThreadCpuTime();
                    for (int i = 0; i < perRound; i++) plain.evaluate(facts[i % facts.length]);
                    t[p][1][r] = (mx.getCurrentThreadCpuTime() - start) / 1e3 / perRound;
                    start = mx.getCurrentThreadCpuTime();
                    for (int i = 0; i < perRound; i++) {
                        org.facialcds.EvaluationJson.toJson(withReasoning.evaluate(withReasoning.read(json[i % json.length], null)));
                    }
                    t[p][2][r] = (mx.getCurrentThreadCpuTime() - start) / 1e3 / perRound;
                    start = mx.getCurrentThreadCpuTime();
                    for (int i = 0; i < perRound; i++) {
                        withReasoning.read(json[i % json.length], null);
                        org.facialcds.EvaluationJson.toJson(done[i % json.length]);
                    }
                    t[p][3][r] = (mx.getCurrentThreadCpuTime() - start) / 1e3 / perRound;
                }
            }
            doc.append("## CPU time per operation (robust to a shared machine)\n\n");
            doc.append(String.format(Locale.ROOT, "Thread CPU time (`ThreadMXBean`), median of %d interleaved rounds of %d"
                    + " operations after %d warm-up rounds, one thread, in the benchmark driver's JVM. `generated` cycles"
                    + " through 1024 `PatientGenerator` patients. Full = patient JSON in, result JSON out (with reasoning);"
                    + " floor = the same parsing, validation and writing with no rules run.%n%n", rounds - rounds / 2,
                    perRound, rounds / 2));
            doc.append("| patient | evaluate, reasoning µs | evaluate, no reasoning µs | reasoning overhead | full µs | floor µs |"
                    + " engine share | evaluations/s per core (reasoning) |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (int p = 0; p <= patients.length; p++) {
                String name = p < patients.length ? patients[p] : "generated";
                double yes = median(t[p][0]);
                double no = median(t[p][1]);
                double full = median(t[p][2]);
                double floor = median(t[p][3]);
                figures.put("cpu." + name + ".reasoning", yes);
                figures.put("cpu." + name + ".overhead", yes / no - 1);
                figures.put("cpu." + name + ".full", full);
                doc.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %+.0f%% | %.1f | %.1f | %.0f%% | %,.0f |%n", name,
                        yes, no, 100 * (yes / no - 1), full, floor, 100 * (1 - floor / full), 1e6 / yes));
            }
            doc.append('\n');
        }
    }

    private static double median(double[] all) {
        double[] v = Arrays.copyOfRange(all, all.length / 2, all.length);
        Arrays.sort(v);
        return v[v.length / 2];
    }

    // ---- JMH ----------------------------------------------------------------------------------

    private ChainedOptionsBuilder options(String benchmark) {
        return new OptionsBuilder().include("org\\.facialcds\\.bench\\." + benchmark)
                .forks(1).jvmArgs(jvmArgs.toArray(String[]::new))
                .warmupIterations(quick ? 2 : 4).warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 2 : 4).measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .shouldFailOnError(true);
    }

    private static Collection<RunResult> run(ChainedOptionsBuilder options) throws RunnerException {
        return new Runner(options.build()).run();
    }

    private void jmh() throws RunnerException {
        // single evaluation, with and without reasoning
        Collection<RunResult> evaluate = run(options("EvaluateBenchmark\\.evaluate"));
        doc.append("## Single evaluation (validated facts in, result out; engine and assembly)\n\n");
        doc.append("`EvaluateBenchmark`: one shared `FacialCds`, one thread. Throughput and sample-time percentiles.\n\n");
        doc.append("| patient | reasoning | evaluations/s | p50 µs | p99 µs |\n|---|---|---:|---:|---:|\n");
        for (String patient : List.of("simple", "typical", "complex")) {
            for (String reasoning : List.of("true", "false")) {
                RunResult thr = find(evaluate, "Throughput", Map.of("patient", patient, "reasoning", reasoning));
                RunResult sample = find(evaluate, "SampleTime", Map.of("patient", patient, "reasoning", reasoning));
                double perSecond = thr.getPrimaryResult().getScore() * 1e6;
                double p50 = sample.getPrimaryResult().getStatistics().getPercentile(50);
                double p99 = sample.getPrimaryResult().getStatistics().getPercentile(99);
                String key = patient + (reasoning.equals("true") ? ".reasoning" : ".plain");
                figures.put(key + ".perSecond", perSecond);
                figures.put(key + ".p50", p50);
                figures.put(key + ".p99", p99);
                doc.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %.1f | %.1f |%n", patient,
                        reasoning.equals("true") ? "yes" : "no", perSecond, p50, p99));
            }
        }
        doc.append("\nReasoning overhead (time with reasoning / time without − 1; from throughput, and from p50):\n\n");
        doc.append("| patient | overhead (throughput) | overhead (p50) |\n|---|---:|---:|\n");
        for (String patient : List.of("simple", "typical", "complex")) {
            double byThroughput = figures.get(patient + ".plain.perSecond") / figures.get(patient + ".reasoning.perSecond") - 1;
            double byP50 = figures.get(patient + ".reasoning.p50") / figures.get(patient + ".plain.p50") - 1;
            figures.put(patient + ".overhead", byThroughput);
            doc.append(String.format(Locale.ROOT, "| %s | %+.0f%% | %+.0f%% |%n", patient, 100 * byThroughput, 100 * byP50));
        }

        // JSON in, JSON out, against the floor
        Collection<RunResult> pipeline = run(options("PipelineBenchmark"));
        doc.append("\n## JSON in, JSON out, against the floor\n\n");
        doc.append("`PipelineBenchmark`: `full` = parse and validate the patient JSON, evaluate (with reasoning), write the"
                + " result JSON; `floor` = the same parsing, validation and writing with no rules run. Engine share ="
                + " 1 − floor / full.\n\n");
        doc.append("| patient | full p50 µs | full p99 µs | full /s | floor p50 µs | floor /s | engine share |\n"
                + "|---|---:|---:|---:|---:|---:|---:|\n");
        for (String patient : List.of("simple", "typical", "complex")) {
            Map<String, String> p = Map.of("patient", patient);
            RunResult fullThr = find(pipeline, "Throughput", p, "full");
            RunResult fullSample = find(pipeline, "SampleTime", p, "full");
            RunResult floorThr = find(pipeline, "Throughput", p, "floor");
            RunResult floorSample = find(pipeline, "SampleTime", p, "floor");
            double fullPerSecond = fullThr.getPrimaryResult().getScore() * 1e6;
            double floorPerSecond = floorThr.getPrimaryResult().getScore() * 1e6;
            double share = 1 - fullPerSecond / floorPerSecond;
            figures.put(patient + ".engineShare", share);
            doc.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %,.0f | %.1f | %,.0f | %.0f%% |%n", patient,
                    fullSample.getPrimaryResult().getStatistics().getPercentile(50),
                    fullSample.getPrimaryResult().getStatistics().getPercentile(99), fullPerSecond,
                    floorSample.getPrimaryResult().getStatistics().getPercentile(50), floorPerSecond, 100 * share));
        }

        // one shared engine, 1 and 2 threads
        Collection<RunResult> one = run(options("SharedEngineBenchmark").threads(1));
        Collection<RunResult> two = run(options("SharedEngineBenchmark").threads(2));
        doc.append("\n## One shared engine, 1 and 2 threads\n\n");
        doc.append("`SharedEngineBenchmark`: one `FacialCds` shared by the benchmark threads, reasoning on. `engine` ="
                + " evaluate validated facts; `batch` = what `facial-cds batch` does per line (parse, validate,"
                + " evaluate, write JSON). `generated` cycles through 1024 `PatientGenerator` patients (seed 20261126).\n\n");
        doc.append("| workload | patients | 1 thread /s | 2 threads /s | scaling |\n|---|---|---:|---:|---:|\n");
        for (String bench : List.of("engine", "batch")) {
            for (String patient : List.of("typical", "generated")) {
                Map<String, String> p = Map.of("patient", patient);
                double t1 = find(one, "Throughput", p, bench).getPrimaryResult().getScore();
                double t2 = find(two, "Throughput", p, bench).getPrimaryResult().getScore();
                figures.put(bench + "." + patient + ".threads1", t1);
                figures.put(bench + "." + patient + ".threads2", t2);
                doc.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | ×%.2f |%n", bench, patient, t1, t2, t2 / t1));
            }
        }

        // knowledge base build
        Collection<RunResult> cold = run(new OptionsBuilder().include("org\\.facialcds\\.bench\\.KnowledgeBaseBenchmark")
                .jvmArgs(jvmArgs.toArray(String[]::new)).forks(quick ? 2 : 5).warmupIterations(0).measurementIterations(1));
        Collection<RunResult> warm = run(new OptionsBuilder().include("org\\.facialcds\\.bench\\.KnowledgeBaseBenchmark")
                .jvmArgs(jvmArgs.toArray(String[]::new)).forks(1).warmupIterations(quick ? 2 : 5)
                .measurementIterations(quick ? 3 : 10));
        double coldMs = cold.iterator().next().getPrimaryResult().getScore();
        double warmMs = warm.iterator().next().getPrimaryResult().getScore();
        figures.put("kb.cold", coldMs);
        figures.put("kb.warm", warmMs);
        doc.append("\n## Knowledge base build from rules/\n\n");
        doc.append(String.format(Locale.ROOT, "`KnowledgeBaseBenchmark` (single shot): first build in a fresh JVM %.0f ms"
                + " (mean of %d forks); a later build in a warm JVM %.0f ms.%n", coldMs, quick ? 2 : 5, warmMs));
    }

    private static RunResult find(Collection<RunResult> results, String mode, Map<String, String> params) {
        return find(results, mode, params, null);
    }

    private static RunResult find(Collection<RunResult> results, String mode, Map<String, String> params, String method) {
        for (RunResult r : results) {
            if (!r.getParams().getMode().name().equalsIgnoreCase(mode)) continue;
            if (method != null && !r.getParams().getBenchmark().endsWith("." + method)) continue;
            boolean all = params.entrySet().stream().allMatch(e -> e.getValue().equals(r.getParams().getParam(e.getKey())));
            if (all) return r;
        }
        throw new IllegalStateException("no result for " + method + " " + mode + " " + params);
    }

    // ---- command line -------------------------------------------------------------------------

    private void cli() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        Path work = Files.createTempDirectory("facial-cds-bench");
        doc.append("\n## Command line\n\n");
        long[] counts = quick ? new long[] {10_000, 100_000} : new long[] {100_000, 1_000_000};
        doc.append("`facial-cds batch --threads 2` on `facial-cds generate` output (JVM defaults; peak RSS and CPU time"
                + " from `/usr/bin/time -v`). On a loaded machine the wall-clock rate mostly measures the wait for a core;"
                + " \"on 2 free cores\" = patients / (CPU seconds / 2), the rate if the process had both cores to itself:\n\n");
        doc.append("| patients | input MB | wall s | patients/s (batch's own summary) | CPU s (user+sys) | patients/s on 2 free cores"
                + " | peak RSS MB |\n|---:|---:|---:|---:|---:|---:|---:|\n");
        for (long count : counts) {
            Path input = work.resolve("patients-" + count + ".ndjson");
            Path output = work.resolve("results-" + count + ".ndjson");
            exec(List.of("sh", "-c", "'" + java + "' -cp '" + classpath + "' org.facialcds.cli.Main generate --count "
                    + count + " --seed 1 > '" + input + "'"));
            List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-v", java, "-cp", classpath,
                    "org.facialcds.cli.Main", "batch", "--input", input.toString(), "--output", output.toString(),
                    "--threads", "2"));
            long start = System.nanoTime();
            String err = exec(command);
            double wall = (System.nanoTime() - start) / 1e9;
            double rate = number(err, "\\(([\\d,]+) patients/s");
            double rssMb = number(err, "Maximum resident set size \\(kbytes\\): (\\d+)") / 1024;
            double cpuSeconds = number(err, "User time \\(seconds\\): ([\\d.]+)") + number(err, "System time \\(seconds\\): ([\\d.]+)");
            figures.put("batch." + count + ".rate", rate);
            figures.put("batch." + count + ".cpuRate", count / (cpuSeconds / 2));
            figures.put("batch." + count + ".rss", rssMb);
            doc.append(String.format(Locale.ROOT, "| %,d | %.0f | %.1f | %,.0f | %.1f | %,.0f | %.0f |%n", count,
                    Files.size(input) / 1e6, wall, rate, cpuSeconds, count / (cpuSeconds / 2), rssMb));
            Files.deleteIfExists(input);
            Files.deleteIfExists(output);
        }
        figures.put("batch.rssRatio", figures.get("batch." + counts[1] + ".rss") / figures.get("batch." + counts[0] + ".rss"));

        if (Files.exists(Path.of(JAR))) {
            int runs = quick ? 3 : 5;
            double plain = coldStart(java, List.of(), runs);
            double plainCpu = lastColdCpu;
            Path archive = work.resolve("facial-cds.jsa");
            exec(List.of(java, "-XX:ArchiveClassesAtExit=" + archive, "-jar", JAR, "evaluate", COLD_START_PATIENT));
            double cds = coldStart(java, List.of("-XX:SharedArchiveFile=" + archive), runs);
            double cdsCpu = lastColdCpu;
            double tiered = coldStart(java, List.of("-XX:SharedArchiveFile=" + archive, "-XX:TieredStopAtLevel=1"), runs);
            double tieredCpu = lastColdCpu;
            figures.put("cold.plain", plain);
            figures.put("cold.cds", cds);
            figures.put("cold.tiered", tiered);
            doc.append(String.format(Locale.ROOT, "%nCold start, JVM start to the first line printed by `java -jar %s"
                    + " evaluate %s` (median of %d):%n%n", JAR, COLD_START_PATIENT, runs));
            doc.append("| JVM options | seconds to first line | CPU s of the whole run (user+sys) |\n|---|---:|---:|\n");
            doc.append(String.format(Locale.ROOT, "| (none) | %.2f | %.2f |%n", plain, plainCpu));
            doc.append(String.format(Locale.ROOT, "| `-XX:SharedArchiveFile=facial-cds.jsa` (AppCDS, see README) | %.2f | %.2f |%n",
                    cds, cdsCpu));
            doc.append(String.format(Locale.ROOT, "| AppCDS and `-XX:TieredStopAtLevel=1` | %.2f | %.2f |%n", tiered, tieredCpu));
        } else {
            doc.append("\nCold start not measured: build the jar first (`mvn -o package -DskipTests`).\n");
        }
    }

    /** Median CPU seconds (user+sys) of the last {@link #coldStart} runs. */
    private static double lastColdCpu;

    /** Median seconds from process start to the first byte on its standard output. */
    private static double coldStart(String java, List<String> options, int runs) throws IOException, InterruptedException {
        double[] seconds = new double[runs];
        double[] cpu = new double[runs];
        Path times = Files.createTempFile("facial-cds-time", ".txt");
        for (int i = 0; i < runs; i++) {
            List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "%U %S", "-o", times.toString()));
            command.add(java);
            command.addAll(options);
            command.addAll(List.of("-jar", JAR, "evaluate", COLD_START_PATIENT));
            long start = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (InputStream out = p.getInputStream()) {
                if (out.read() < 0) throw new IOException("no output from " + command);
                seconds[i] = (System.nanoTime() - start) / 1e9;
                out.transferTo(OutputStreamNull.INSTANCE);
            }
            p.waitFor(60, TimeUnit.SECONDS);
            String[] used = Files.readString(times).trim().split("\\s+");
            cpu[i] = Double.parseDouble(used[used.length - 2]) + Double.parseDouble(used[used.length - 1]);
        }
        Files.deleteIfExists(times);
        Arrays.sort(seconds);
        Arrays.sort(cpu);
        lastColdCpu = cpu[runs / 2];
        return seconds[runs / 2];
    }

    private static final class OutputStreamNull extends java.io.OutputStream {
        static final OutputStreamNull INSTANCE = new OutputStreamNull();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }

    /** Runs a command; returns its standard error; fails on a non-zero exit. */
    private static String exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        if (code != 0) throw new IOException("exit " + code + " from " + command + ":\n" + err);
        return err;
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) throw new IllegalStateException("no match for " + regex + " in:\n" + text);
        return Double.parseDouble(m.group(1).replace(",", ""));
    }

    // ---- the document -------------------------------------------------------------------------

    private void header() {
        doc.append("# Benchmarks\n\n");
        doc.append("Written by `mvn -Pbench test-compile exec:exec@bench` (`org.facialcds.bench.BenchMain`")
                .append(quick ? ", quick mode: short iterations, not for comparison" : "")
                .append(") on ").append(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")))
                .append(", against the shipped rule base (`rules/`). The machine is shared and noisy: compare the")
                .append(" ratios, which come from one run, more than the absolute figures. JMH forks use ")
                .append(String.join(" ", jvmArgs)).append(".\n\n");
    }

    private void targets() {
        doc.append("\n## Targets\n\n");
        if (busy(loadAtStart) || busy(loadAverage())) {
            doc.append("The load average exceeded the number of cores during this run: the wall-clock rows mostly"
                    + " measure the wait for a core, so judge by the CPU-time rows.\n\n");
        }
        doc.append("| target | measured | met |\n|---|---|---|\n");
        target("single evaluation with reasoning, median ≤ 50 µs", "typical.reasoning.p50", "%.1f µs (typical)", v -> v <= 50);
        target("single evaluation with reasoning, p99 ≤ 250 µs", "typical.reasoning.p99", "%.1f µs (typical)", v -> v <= 250);
        target("single evaluation with reasoning, median ≤ 50 µs (CPU time)", "cpu.typical.reasoning",
                "%.1f µs CPU (typical)", v -> v <= 50);
        target("reasoning overhead ≤ 25%", "typical.overhead", "%+.0f%% (typical)", v -> v <= 0.25, 100);
        target("reasoning overhead ≤ 25% (CPU time)", "cpu.typical.overhead", "%+.0f%% (typical)", v -> v <= 0.25, 100);
        target("≥ 40,000 evaluations/s on 2 threads, engine only", "engine.generated.threads2", "%,.0f /s (generated mix)",
                v -> v >= 40_000);
        target("batch incl. JSON ≥ 20,000 patients/s on 2 threads", "batch." + (quick ? 100_000 : 1_000_000) + ".rate",
                "%,.0f /s (CLI, largest run, wall clock)", v -> v >= 20_000);
        target("batch incl. JSON ≥ 20,000 patients/s on 2 threads (CPU time)", "batch." + (quick ? 100_000 : 1_000_000)
                + ".cpuRate", "%,.0f /s on 2 free cores (CLI, largest run)", v -> v >= 20_000);
        target("flat memory: peak RSS of the largest batch ≤ 1.5 × the smaller", "batch.rssRatio", "×%.2f", v -> v <= 1.5);
        target("KB build ≤ 1.5 s", "kb.cold", "%.0f ms cold, first build in a fresh JVM", v -> v <= 1500);
        target("evaluate cold start ≤ 2.5 s", "cold.plain", "%.2f s (no AppCDS)", v -> v <= 2.5);
        target("evaluate cold start ≤ 2.5 s, with AppCDS", "cold.cds", "%.2f s", v -> v <= 2.5);
        target("evaluate cold start ≤ 2.5 s, AppCDS and C1 only", "cold.tiered", "%.2f s", v -> v <= 2.5);
    }

    private void target(String name, String key, String format, java.util.function.DoublePredicate met) {
        target(name, key, format, met, 1);
    }

    private void target(String name, String key, String format, java.util.function.DoublePredicate met, double scale) {
        Double v = figures.get(key);
        if (v == null) {
            doc.append("| ").append(name).append(" | not measured in this run | |\n");
            return;
        }
        doc.append("| ").append(name).append(" | ").append(String.format(Locale.ROOT, format, v * scale))
                .append(" | ").append(met.test(v) ? "yes" : "**no**").append(" |\n");
    }

    private void machine() throws IOException, InterruptedException {
        doc.append("\n## Machine\n\n");
        doc.append("- cores (nproc): ").append(Runtime.getRuntime().availableProcessors()).append('\n');
        doc.append("- memory: ").append(firstMatch(Path.of("/proc/meminfo"), "MemTotal:\\s+(\\d+ kB)")).append('\n');
        doc.append("- CPU: ").append(firstMatch(Path.of("/proc/cpuinfo"), "model name\\s*:\\s*(.+)")).append('\n');
        doc.append("- load average (1, 5, 15 min) at the start: ").append(loadAtStart).append("; at the end: ")
                .append(loadAverage()).append(" (other work shares the machine)\n");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).start();
        String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        doc.append("- java -version:\n\n```\n").append(version).append("\n```\n");
    }

    /** Whether a load average line ("1min 5min 15min") shows more runnable work than cores. */
    private static boolean busy(String load) {
        try {
            return Double.parseDouble(load.split(" ")[0]) > Runtime.getRuntime().availableProcessors();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String firstMatch(Path file, String regex) {
        try {
            Matcher m = Pattern.compile(regex).matcher(Files.readString(file));
            return m.find() ? m.group(1).strip() : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }
}
