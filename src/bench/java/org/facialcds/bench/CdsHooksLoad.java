package org.facialcds.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.facialcds.hooks.CdsHooksServer;
import org.facialcds.hooks.ServerSettings;

/**
 * Load on the CDS Hooks service over loopback: patient-view requests with prefetch
 * ({@code examples/cds-hooks/patient-view.json}) from 1, 8 and 64 concurrent clients, each level for a fixed
 * time; reports p50 / p90 / p99 / max latency, throughput and errors (any status but 200, or no cards).
 * Not a unit test: run it with
 * <pre>
 * mvn -q -Pbench test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
 * java -cp target/test-classes:target/classes:$(cat target/bench.cp) org.facialcds.bench.CdsHooksLoad \
 *     --seconds 20 --levels 1,8,64
 * </pre>
 * It starts the service in this JVM on 127.0.0.1 (a free port, no authentication, a throw-away H2 file),
 * or measures a running one with {@code --url http://127.0.0.1:8080}. Traffic goes to loopback only, and
 * every loop is bounded in time.
 */
public final class CdsHooksLoad {

    private CdsHooksLoad() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = 15;
        int warmupSeconds = 10;
        int[] levels = {1, 8, 64};
        String url = null;
        Path body = Path.of("examples", "cds-hooks", "patient-view.json");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmupSeconds = Integer.parseInt(args[++i]);
                case "--levels" -> levels = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--url" -> url = args[++i];
                case "--request" -> body = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; expected --seconds N --warmup N --levels 1,8,64 --url BASE --request FILE");
            }
        }
        if (url != null && !URI.create(url).getHost().matches("127\\..*|localhost|\\[?::1]?")) {
            throw new IllegalArgumentException("load is sent to loopback addresses only, not " + url);
        }
        String request = Files.readString(body);
        CdsHooksServer server = null;
        Path tmp = null;
        if (url == null) {
            tmp = Files.createTempDirectory("cds-hooks-load");
            server = CdsHooksServer.start(ServerSettings.builder().host("127.0.0.1").port(0).insecureNoAuth(true)
                    .databaseUrl("jdbc:h2:file:" + tmp.resolve("feedback").toAbsolutePath()).build());
            url = server.baseUrl();
        }
        String endpoint = url + "/cds-services/facial-twitching";
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try {
            System.out.printf(Locale.ROOT, "CDS Hooks load: POST %s with %s (%d bytes), %d cores, Java %s%n",
                    endpoint, body, request.length(), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            run(client, endpoint, request, 8, warmupSeconds, false); // JIT, pools, connections
            System.out.println();
            System.out.println("| clients | requests | throughput (req/s) | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) | errors "
                    + "| CPU per request, server and client (ms) | machine load (1 min) |");
            System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (int level : levels) {
                run(client, endpoint, request, level, seconds, true);
            }
        } finally {
            if (server != null) {
                server.stop();
            }
            if (tmp != null) {
                try (var walk = Files.walk(tmp)) {
                    walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static void run(HttpClient client, String endpoint, String request, int clients, int seconds,
            boolean report) throws InterruptedException {
        long[][] samples = new long[clients][];
        int[] counts = new int[clients];
        AtomicLong errors = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(clients);
        long[] window = new long[2];
        HttpRequest http = HttpRequest.newBuilder(URI.create(endpoint)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request)).build();
        for (int c = 0; c < clients; c++) {
            int index = c;
            Thread t = new Thread(() -> {
                long[] latencies = new long[4096];
                int n = 0;
                try {
                    ready.countDown();
                    go.await();
                    long end = window[1];
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        try {
                            HttpResponse<String> r = client.send(http, HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != 200 || !r.body().contains("\"uuid\"")) {
                                errors.incrementAndGet();
                            }
                        } catch (IOException e) {
                            errors.incrementAndGet();
                        }
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = System.nanoTime() - start;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    samples[index] = latencies;
                    counts[index] = n;
                    done.countDown();
                }
            }, "load-client-" + c);
            t.start();
        }
        ready.await();
        long cpu0 = processCpuNanos();
        window[0] = System.nanoTime();
        window[1] = window[0] + Duration.ofSeconds(seconds).toNanos();
        go.countDown();
        done.await();
        double elapsed = (System.nanoTime() - window[0]) / 1e9;
        long cpu = processCpuNanos() - cpu0;
        if (!report) {
            return;
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(samples[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        System.out.printf(Locale.ROOT, "| %d | %d | %.0f | %.2f | %.2f | %.2f | %.2f | %d | %.2f | %s |%n", clients, total,
                total / elapsed, ms(all, 0.50), ms(all, 0.90), ms(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6,
                errors.get(), total == 0 ? 0 : cpu / 1e6 / total, loadAverage());
    }

    /** CPU time of this whole JVM (service and load clients). */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /** The 1-minute load average: on a shared machine, how many other runnable processes competed. */
    private static String loadAverage() {
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", load);
    }

    private static double ms(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}
