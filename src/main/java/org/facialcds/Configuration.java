package org.facialcds;

import java.nio.file.Path;
import java.time.Clock;
import org.facialcds.facts.PolicySettings;

/**
 * How a {@link FacialCds} is set up: where the rules come from ({@code null} = the copy bundled in
 * the jar), the policy parameters, whether to capture reasoning, the session pool size and the clock
 * that gives "today" when an input has no {@code asOf}. Immutable; make one with {@link #builder()}.
 */
public record Configuration(Path rulesDirectory, PolicySettings policy, boolean captureReasoning, int poolSize, Clock clock) {

    public Configuration {
        if (policy == null) throw new IllegalArgumentException("policy is required");
        if (poolSize < 1) throw new IllegalArgumentException("poolSize must be at least 1, was " + poolSize);
        if (clock == null) throw new IllegalArgumentException("clock is required");
    }

    /** The defaults: bundled rules, the spec's policy, reasoning captured, a pool of 2 × cores. */
    public static Configuration defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().rulesDirectory(rulesDirectory).policy(policy).captureReasoning(captureReasoning)
                .poolSize(poolSize).clock(clock);
    }

    /** Builds a {@link Configuration}. */
    public static final class Builder {
        private Path rulesDirectory;
        private PolicySettings policy = PolicySettings.DEFAULTS;
        private boolean captureReasoning = true;
        private int poolSize = 2 * Runtime.getRuntime().availableProcessors();
        private Clock clock = Clock.systemDefaultZone();

        private Builder() {
        }

        /** Rules read from this directory at run time instead of the bundled copy. */
        public Builder rulesDirectory(Path dir) {
            this.rulesDirectory = dir;
            return this;
        }

        public Builder policy(PolicySettings policy) {
            this.policy = policy;
            return this;
        }

        /** Without reasoning, recommendations carry no {@code because} (faster, for batch screening). */
        public Builder captureReasoning(boolean capture) {
            this.captureReasoning = capture;
            return this;
        }

        public Builder poolSize(int size) {
            this.poolSize = size;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Configuration build() {
            return new Configuration(rulesDirectory, policy, captureReasoning, poolSize, clock);
        }
    }
}
