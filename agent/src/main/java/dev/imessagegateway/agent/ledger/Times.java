package dev.imessagegateway.agent.ledger;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Protocol timestamps: ISO-8601 UTC with millisecond precision and a {@code Z}. */
public final class Times {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Times() {
    }

    public static String iso(Instant t) {
        return ISO.format(t.truncatedTo(ChronoUnit.MILLIS));
    }
}
