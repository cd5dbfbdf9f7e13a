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
            return FacialCds.create(Configuration.builder().captureReasoning(true).poolSize(pool).build());
        }
    }

    /** This JVM's engine, built on the first call. */
    static FacialCds get() {
        return Holder.CDS;
    }

    /** How many engines this JVM has built (1 after the first use, never more): for tests. */
    static int built() {
        return BUILT.get();
    }

    private Engines() {
    }
}
