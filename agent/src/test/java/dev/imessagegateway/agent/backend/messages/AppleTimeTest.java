package dev.imessagegateway.agent.backend.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.imessagegateway.agent.ledger.Times;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AppleTimeTest {
    @Test
    void nanosecondsSince2001AreConverted() {
        // 2026-11-27T03:05:09.123Z is 817,441,509.123 s after 2001-01-01
        Instant t = Instant.parse("2026-11-27T03:05:09.123Z");
        long nanos = (t.getEpochSecond() - 978_307_200L) * 1_000_000_000L + 123_000_000L;
        assertEquals(t, AppleTime.toInstant(nanos));
        assertEquals(nanos, AppleTime.toNanos(t));
        assertEquals("2026-11-27T03:05:09.123Z", Times.iso(AppleTime.toInstant(nanos)));
    }

    @Test
    void oldDatabasesStoreSecondsBelowOneHundredBillion() {
        assertEquals(Instant.parse("2016-03-01T12:00:00Z"), AppleTime.toInstant(478_526_400L));
        assertEquals(Instant.parse("2001-01-01T00:00:01Z"), AppleTime.toInstant(1L));
    }

    @Test
    void zeroMeansNotSet() {
        assertNull(AppleTime.toInstant(0));
    }

    @Test
    void epochIsTheFirstOf2001() {
        assertEquals(Instant.parse("2001-01-01T00:00:00Z"), Instant.ofEpochSecond(AppleTime.EPOCH_2001));
        assertEquals(Instant.parse("2001-01-01T00:01:40Z"), AppleTime.toInstant(100_000_000_000L));
    }
}
