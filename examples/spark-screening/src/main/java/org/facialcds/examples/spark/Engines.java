package org.facialcds.examples.spark;

import java.util.concurrent.atomic.AtomicInteger;
import org.facialcds.Configuration;
import org.facialcds.FacialCds;

/**
 * One {@link FacialCds} per JVM (per Spark executor), built on first use by whichever task comes first and
 * shared by every task and partition after it: compiling the knowledge base takes seconds and some hundred MB,
 * evaluating a patient microseconds. {@code FacialCds} is thread-safe (a pool of sessions), so concurrent
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
     * Drools and MVEL resolve class names through the context class loader, many of them names that do not
     * exist (inner-class and import guesses); under a Spark task that is Spark's executor class loader chain,
     * where every miss searches each jar again: measured here, 10 times slower evaluation than in a plain JVM.
     */
    static <T> T withLibraryClassLoader(java.util.function.Supplier<T> work) {
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
