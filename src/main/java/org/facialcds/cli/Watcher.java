package org.facialcds.cli;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code test --watch}: watches the rules directory and the scenario paths (every folder below them)
 * and, when a file changes, recompiles and re-runs all scenarios (a rule changed) or re-runs the
 * scenario files that changed, in the same JVM. Changes that arrive together (an editor saving
 * several files) are gathered for {@link #DEBOUNCE}. A rule edit that does not compile prints its
 * errors and watching goes on. Ctrl-C stops.
 */
final class Watcher implements AutoCloseable {

    /** Changes closer together than this are handled as one. */
    static final Duration DEBOUNCE = Duration.ofMillis(200);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final TestSession session;
    private final PrintStream out;
    private final WatchService watchService;
    private final Map<WatchKey, Path> keys = new HashMap<>();
    private final Path rulesRoot;
    private final List<Path> scenarioRoots;

    Watcher(TestSession session, PrintStream out) throws IOException {
        this.session = session;
        this.out = out;
        this.watchService = FileSystems.getDefault().newWatchService();
        this.rulesRoot = session.rulesDirectory().toAbsolutePath().normalize();
        this.scenarioRoots = session.scenarioPaths().stream().map(p -> p.toAbsolutePath().normalize()).toList();
        registerTree(rulesRoot);
        for (Path p : scenarioRoots) registerTree(Files.isDirectory(p) ? p : p.getParent());
    }

    /** Blocks, handling change after change, until the thread is interrupted (or the JVM stops on Ctrl-C). */
    int loop() {
        out.println("Watching " + display(rulesRoot) + " for changes; press Ctrl-C to stop.");
        out.flush();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                pollOnce(null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Main.EXIT_OK;
    }

    /**
     * Waits for the next change (at most {@code timeout}; {@code null} waits for ever), gathers the
     * changes that follow within {@link #DEBOUNCE}, and handles them. Returns the changed files
     * handled; empty when nothing relevant changed in time.
     */
    Set<Path> pollOnce(Duration timeout) throws InterruptedException {
        WatchKey key = timeout == null ? watchService.take() : watchService.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (key == null) return Set.of();
        Set<Path> changed = new LinkedHashSet<>();
        boolean overflow = drain(key, changed);
        while ((key = watchService.poll(DEBOUNCE.toMillis(), TimeUnit.MILLISECONDS)) != null) {
            overflow |= drain(key, changed);
        }
        if (overflow) changed.add(rulesRoot.resolve("(many files)"));
        Set<Path> relevant = new LinkedHashSet<>();
        for (Path p : changed) if (overflow || relevant(p)) relevant.add(p);
        if (!relevant.isEmpty()) onChange(relevant, overflow);
        return relevant;
    }

    private boolean drain(WatchKey key, Set<Path> changed) {
        Path dir = keys.get(key);
        boolean overflow = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == OVERFLOW) {
                overflow = true;
                continue;
            }
            if (dir == null) continue;
            Path child = dir.resolve((Path) event.context());
            if (event.kind() == ENTRY_CREATE && Files.isDirectory(child)) {
                registerTree(child);
                try (Stream<Path> walk = Files.walk(child)) {
                    walk.filter(Files::isRegularFile).forEach(changed::add);
                } catch (IOException | UncheckedIOException e) {
                    // a folder that vanished again: nothing to run
                }
            } else {
                changed.add(child);
            }
        }
        if (!key.reset()) keys.remove(key);
        return overflow;
    }

    /**
     * Handles one batch of changed files: a rule file (or {@code knowledge-base.properties}) →
     * recompile and run every scenario; otherwise the changed scenario files that still exist.
     * Returns the exit code the run would have.
     */
    int onChange(Collection<Path> changed, boolean everything) {
        List<Path> paths = changed.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        boolean rules = everything || paths.stream().anyMatch(this::isRuleFile);
        out.println();
        out.println("[" + LocalTime.now().format(CLOCK) + "] " + describe(paths) + " changed");
        if (rules) {
            int compiled = session.compile();
            if (compiled != Main.EXIT_OK) {
                out.println("The rules do not compile; still watching.");
                out.flush();
                return compiled;
            }
            return session.runAll();
        }
        List<Path> scenarioFiles = new ArrayList<>();
        for (Path p : paths) {
            if (isScenarioFile(p) && Files.isRegularFile(p)) scenarioFiles.add(p);
            else if (isScenarioFile(p)) out.println(display(p) + " was removed");
        }
        if (scenarioFiles.isEmpty()) {
            out.flush();
            return Main.EXIT_OK;
        }
        return session.run(scenarioFiles.stream().map(this::asGiven).toList(), false);
    }

    int onChange(Collection<Path> changed) {
        return onChange(changed, false);
    }

    private boolean relevant(Path p) {
        return isRuleFile(p) || isScenarioFile(p);
    }

    private boolean isRuleFile(Path p) {
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        return p.toAbsolutePath().normalize().startsWith(rulesRoot)
                && (name.endsWith(".drl") || name.equals("knowledge-base.properties"));
    }

    private boolean isScenarioFile(Path p) {
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        if (!(name.endsWith(".yaml") || name.endsWith(".yml")) || name.startsWith(".")) return false;
        Path abs = p.toAbsolutePath().normalize();
        return scenarioRoots.stream().anyMatch(abs::startsWith);
    }

    /** The path relative to the working directory when it is below it (as the user would type it). */
    private Path asGiven(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        return p.startsWith(cwd) ? cwd.relativize(p) : p;
    }

    private String display(Path p) {
        return asGiven(p).toString();
    }

    private String describe(List<Path> paths) {
        List<String> names = paths.stream().map(this::display).toList();
        return names.size() <= 3 ? String.join(", ", names) : String.join(", ", names.subList(0, 3)) + " and "
                + (names.size() - 3) + " more";
    }

    private void registerTree(Path root) {
        if (root == null || !Files.isDirectory(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path dir : (Iterable<Path>) walk.filter(Files::isDirectory)::iterator) {
                if (keys.containsValue(dir)) continue;
                keys.put(dir.register(watchService, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE), dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        watchService.close();
    }
}
