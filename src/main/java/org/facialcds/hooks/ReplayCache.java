package org.facialcds.hooks;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers each accepted token's {@code iss} + {@code jti} until it could no longer be accepted anyway
 * (its {@code iat} older than the maximum token age), so a replayed token is refused. Bounded: when full
 * of live entries it refuses new tokens (fails closed) rather than forget a live one.
 */
final class ReplayCache {

    private final Map<String, Instant> seen = new ConcurrentHashMap<>();
    private final int capacity;

    ReplayCache(int capacity) {
        this.capacity = capacity;
    }

    enum Result { ACCEPTED, REPLAYED, FULL }

    /** Records the token id, remembered until {@code forgetAfter}. */
    Result record(String issuer, String jti, Instant forgetAfter, Instant now) {
        if (seen.size() >= capacity) {
            purge(now);
            if (seen.size() >= capacity) {
                return Result.FULL;
            }
        }
        Instant previous = seen.putIfAbsent(issuer + '\u0000' + jti, forgetAfter);
        return previous == null ? Result.ACCEPTED : Result.REPLAYED;
    }

    int size() {
        return seen.size();
    }

    private synchronized void purge(Instant now) {
        seen.values().removeIf(until -> until.isBefore(now));
    }
}
