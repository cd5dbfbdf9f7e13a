package org.facialcds.safety;

import java.nio.file.Path;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import org.facialcds.FacialCds;

/**
 * What the safety tests share: one engine over {@code rules/}, built once per JVM, and the run size.
 * The property tests declare their CI sample in {@code @Property(tries = …)}; {@code -Dfacialcds.tries=N}
 * replaces it (the {@code deep} Maven profile sets 100,000). CI runs with a fixed seed so a red build
 * is reproducible; {@code -Dfacialcds.seed=random} (the deep profile) or {@code -Dfacialcds.seed=N} changes it.
 */
final class Safety {

    /** The CI seed: the same sample on every machine. */
    static final String CI_SEED = "20261126";

    private Safety() {
    }

    private static final class Holder {
        static final FacialCds CDS = FacialCds.withRules(Path.of("rules"));
    }

    /** The engine every property runs against: {@code FacialCds.withRules(Path.of("rules"))}, built once. */
    static FacialCds cds() {
        return Holder.CDS;
    }

    /** {@code -Dfacialcds.tries}, or {@code fallback} when not set. */
    static int tries(int fallback) {
        String value = System.getProperty("facialcds.tries");
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
    }

    /** How many fuzz inputs per kind: the CI number, or {@code -Dfacialcds.fuzz=N}. */
    static int fuzzIterations(int ci) {
        String value = System.getProperty("facialcds.fuzz");
        return value == null || value.isBlank() ? ci : Integer.parseInt(value.strip());
    }

    /** The fixed fuzz seed for CI, or {@code -Dfacialcds.seed=N}; {@code random} picks one (printed). */
    static long fuzzSeed(long ci) {
        String value = System.getProperty("facialcds.seed");
        if (value == null || value.isBlank()) return ci;
        if ("random".equals(value.strip())) {
            long seed = System.nanoTime();
            System.out.println("fuzz seed " + seed);
            return seed;
        }
        return Long.parseLong(value.strip());
    }

    /** Applies {@code -Dfacialcds.tries} and the seed policy to every property of the class it is added to. */
    static final class Tries implements AroundPropertyHook {
        @Override
        public net.jqwik.api.lifecycle.PropagationMode propagateTo() {
            return net.jqwik.api.lifecycle.PropagationMode.ALL_DESCENDANTS;
        }

        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            context.attributes().tries().ifPresent(ci -> context.attributes().setTries(tries(ci)));
            String seed = System.getProperty("facialcds.seed");
            if (seed == null || seed.isBlank()) {
                // one fixed seed per property, so that the properties do not all draw the same patients
                long perProperty = Long.parseLong(CI_SEED) * 31 + context.targetMethod().getName().hashCode();
                context.attributes().setSeed(Long.toString(perProperty));
            } else if (!"random".equals(seed.strip())) {
                context.attributes().setSeed(seed.strip());
            }
            return property.execute();
        }
    }
}
