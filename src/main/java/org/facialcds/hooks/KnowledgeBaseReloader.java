package org.facialcds.hooks;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.facialcds.FacialCds;
import org.facialcds.FacialCdsException;
import org.facialcds.KnowledgeBaseInfo;
import org.facialcds.RuleCompilationException;
import org.facialcds.scenario.Scenario;
import org.facialcds.scenario.ScenarioLoader;
import org.facialcds.scenario.ScenarioResult;
import org.facialcds.scenario.ScenarioRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the rules directory and, a moment after the last change, builds the new knowledge base, runs the
 * scenarios under {@code DIR/scenarios} on it, and puts it in service only if it compiles and every scenario
 * passes. Otherwise the errors are logged (rule file paths and messages, scenario names and codes; never
 * patient data) and the last good knowledge base stays.
 */
final class KnowledgeBaseReloader implements AutoCloseable {

    /** The result of one reload attempt. */
    record Outcome(boolean accepted, KnowledgeBaseInfo knowledgeBase, List<String> problems) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(KnowledgeBaseReloader.class);

    private final Path rules;
    private final EngineHolder engines;
    private final Function<Path, FacialCds> factory;
    private final Duration debounce;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "facial-cds-rules-reload");
        t.setDaemon(true);
        return t;
    });
    private WatchService watcher;
    private Thread watchThread;
    private final Object scheduleLock = new Object();
    private ScheduledFuture<?> scheduled;
    private volatile Outcome last;

    KnowledgeBaseReloader(Path rules, EngineHolder engines, Function<Path, FacialCds> factory, Duration debounce) {
        this.rules = rules.toAbsolutePath().normalize();
        this.engines = engines;
        this.factory = factory;
        this.debounce = debounce;
    }

    /** Starts watching the directory tree. */
    void start() throws IOException {
        watcher = FileSystems.getDefault().newWatchService();
        registerTree(rules);
        watchThread = new Thread(this::watch, "facial-cds-rules-watch");
        watchThread.setDaemon(true);
        watchThread.start();
    }

    /** The last reload attempt, or {@code null}. */
    Outcome lastOutcome() {
        return last;
    }

    private void registerTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                Path dir = (Path) key.watchable();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && event.context() instanceof Path p) {
                        Path child = dir.resolve(p);
                        if (Files.isDirectory(child)) {
                            try {
                                registerTree(child);
                            } catch (IOException e) {
                                LOG.warn("cannot watch {}: {}", child, e.getMessage());
                            }
                        }
                    }
                }
                key.reset();
                schedule();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // stopped
        }
    }

    private void schedule() {
        synchronized (scheduleLock) {
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            scheduled = executor.schedule(this::reloadNow, debounce.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Builds, checks and, if good, swaps in the knowledge base now (also used by tests). */
    synchronized Outcome reloadNow() {
        List<String> problems = new ArrayList<>();
        FacialCds candidate;
        try {
            candidate = factory.apply(rules);
        } catch (RuleCompilationException e) {
            problems.addAll(e.problems());
            return refuse(problems, "do not compile");
        } catch (FacialCdsException e) {
            problems.add(e.getMessage().lines().findFirst().orElse(e.getMessage()));
            return refuse(problems, "cannot be read");
        } catch (RuntimeException e) {
            problems.add(e.getClass().getSimpleName() + ": " + e.getMessage());
            return refuse(problems, "cannot be read");
        }
        int passed = 0;
        Path scenarios = rules.resolve("scenarios");
        try {
            if (Files.isDirectory(scenarios)) {
                ScenarioRunner runner = new ScenarioRunner(candidate);
                for (Scenario s : ScenarioLoader.load(List.of(scenarios))) {
                    ScenarioResult r = runner.run(s);
                    if (r.passed()) {
                        passed++;
                    } else {
                        problems.add(failure(r));
                    }
                }
            } else {
                LOG.warn("no scenarios under {}: the new knowledge base is checked by compilation only", scenarios);
            }
        } catch (RuntimeException e) {
            problems.add("scenarios: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            candidate.close();
            return refuse(problems, "fail their scenarios");
        }
        KnowledgeBaseInfo info = candidate.knowledgeBase();
        engines.replace(candidate);
        LOG.info("knowledge base reloaded: {} {} sha256 {} ({} rules, {} scenarios passed)", info.name(), info.version(),
                info.sha256(), info.ruleCount(), passed);
        last = new Outcome(true, info, List.of());
        return last;
    }

    private Outcome refuse(List<String> problems, String why) {
        KnowledgeBaseInfo kept = engines.peek().knowledgeBase();
        LOG.error("reload refused: the rules in {} {}; keeping {} {} ({} problem{}):", rules, why, kept.name(),
                kept.version(), problems.size(), problems.size() == 1 ? "" : "s");
        problems.forEach(p -> LOG.error("  {}", p));
        last = new Outcome(false, kept, List.copyOf(problems));
        return last;
    }

    /** A scenario failure in one line: file, name and the codes that differ (scenarios hold no real patients). */
    private static String failure(ScenarioResult r) {
        StringBuilder s = new StringBuilder(r.scenario().file()).append(": ").append(r.scenario().name());
        if (r.error() != null) {
            return s.append(": ").append(r.error().lines().findFirst().orElse("")).toString();
        }
        if (!r.missing().isEmpty()) s.append(": missing ").append(r.missing());
        if (!r.unexpected().isEmpty()) {
            s.append(": unexpected ").append(r.unexpected().stream().map(u -> u.split("\\s+")[0]).toList());
        }
        if (!r.rulesNotFired().isEmpty()) s.append(": rules did not fire ").append(r.rulesNotFired());
        if (!r.invariantViolations().isEmpty()) s.append(": invariants ").append(r.invariantViolations());
        return s.toString();
    }

    @Override
    public void close() {
        try {
            if (watcher != null) {
                watcher.close();
            }
        } catch (IOException e) {
            LOG.warn("closing the rules watcher: {}", e.getMessage());
        }
        if (watchThread != null) {
            watchThread.interrupt();
        }
        executor.shutdownNow();
    }
}
