package dev.imessagegateway.agent.backend.messages;

import java.time.Instant;

/** chat.db dates: nanoseconds since 2001-01-01 UTC (older databases: seconds). 0 means "not set". */
public final class AppleTime {
    public static final long EPOCH_2001 = 978_307_200L;
    private static final long SECONDS_LIMIT = 100_000_000_000L; // values below are seconds (1e11 s > 3000 years)

    private AppleTime() {
    }

    public static Instant toInstant(long value) {
        if (value == 0) {
            return null;
        }
        if (Math.abs(value) < SECONDS_LIMIT) {
            return Instant.ofEpochSecond(EPOCH_2001 + value);
        }
        return Instant.ofEpochSecond(EPOCH_2001 + Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
    }

    public static long toNanos(Instant t) {
        return (t.getEpochSecond() - EPOCH_2001) * 1_000_000_000L + t.getNano();
    }
}
