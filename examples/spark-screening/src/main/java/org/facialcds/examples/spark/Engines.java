package org.facialcds.examples.spark;

import java.util.concurrent.atomic.AtomicInteger;
import org.facialcds.Configuration;
import org.facialcds.FacialCds;

/**
 * One {@link FacialCds} per JVM (per Spark executor), built on first use by whichever task comes first and
 * shared by every task and partition after it: compiling the knowledge base takes seconds, evaluating a
 * patient a fraction of a millisecond. {@code FacialCds} is thread-safe (a pool of sessions), so concurrent
 * tasks of one executor share it. Reasoning is captured: the {@code rule_ids} come from {@code because}.
 */
final class Engines {

    private static final AtomicInteger BUILT = new AtomicInteger();

    /** Initialised on first use (the JVM's class initialisation is the lock): the holder idiom. */
    private static final class Holder {
        static final FacialCds CDS = build();

        private static FacialCds build() {
            BUILT.incrementAndGet();
            // A session per task slot at most; 2 x cores covers any executor-cores setting on this JVM.
            int pool = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
            return withLibraryClassLoader(() ->
                    FacialCds.create(Configuration.builder().captureReasoning(true).poolSize(pool).build()));
        }
    }

    /** This JVM's engine, built on the first call. */
    static FacialCds get() {
        return Holder.CDS;
    }

    /**
     * Runs {@code work} with the class loader that loaded facial-cds as the thread's context class loader.
     * Drools takes the context class loader of the thread that compiles the knowledge base as the parent of
     * the rules' class loader, and MVEL resolves class names through it while rules run. Under a Spark task
     * that is whatever loader Spark gave the first task (a session's artifact loader, say); the engine lives
     * as long as the JVM, so it is pinned to the loader that holds the library instead.
     */
    private static <T> T withLibraryClassLoader(java.util.function.Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(LIBRARY_LOADER);
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private static final ClassLoader LIBRARY_LOADER = FacialCds.class.getClassLoader();

    /** How many engines this JVM has built (1 after the first use, never more): for tests. */
    static int built() {
        return BUILT.get();
    }

    private Engines() {
    }
}
