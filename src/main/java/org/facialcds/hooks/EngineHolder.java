package org.facialcds.hooks;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.facialcds.FacialCds;

/**
 * The knowledge base in service, swapped atomically on reload. Each request leases the current engine;
 * a replaced engine is closed when its last lease ends, so in-flight requests finish on the engine they
 * started with.
 */
final class EngineHolder implements AutoCloseable {

    /** One engine and its lease count; the holder itself keeps one lease until the engine is replaced. */
    static final class Lease implements AutoCloseable {
        private final FacialCds cds;
        private final Generation generation;

        private Lease(FacialCds cds, Generation generation) {
            this.cds = cds;
            this.generation = generation;
        }

        FacialCds cds() {
            return cds;
        }

        @Override
        public void close() {
            generation.release();
        }
    }

    private static final class Generation {
        final FacialCds cds;
        final AtomicInteger leases = new AtomicInteger(1);

        Generation(FacialCds cds) {
            this.cds = cds;
        }

        boolean tryRetain() {
            while (true) {
                int n = leases.get();
                if (n == 0) {
                    return false; // already closed: the caller reads the new generation
                }
                if (leases.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
        }

        void release() {
            if (leases.decrementAndGet() == 0) {
                cds.close();
            }
        }
    }

    private final AtomicReference<Generation> current;
    private volatile boolean closed;

    EngineHolder(FacialCds initial) {
        this.current = new AtomicReference<>(new Generation(initial));
    }

    /** Leases the engine in service; close the lease when the request is done. */
    Lease acquire() {
        while (true) {
            if (closed) {
                throw HttpProblem.unavailable("the service is shutting down");
            }
            Generation g = current.get();
            if (g.tryRetain()) {
                return new Lease(g.cds, g);
            }
        }
    }

    /** The engine in service now, for information (knowledge base name, version). */
    FacialCds peek() {
        return current.get().cds;
    }

    /** Puts {@code next} in service; the old engine closes once its in-flight requests end. */
    synchronized void replace(FacialCds next) {
        if (closed) {
            next.close();
            return;
        }
        Generation old = current.getAndSet(new Generation(next));
        old.release();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        current.get().release();
    }
}
