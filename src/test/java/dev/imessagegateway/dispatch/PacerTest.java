package dev.imessagegateway.dispatch;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PacerTest {

    private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");

    @Test
    void limitsMessagesPerMinuteWithASlidingWindow() {
        Pacer pacer = new Pacer(true, 3, 100, 100);
        for (int i = 0; i < 3; i++) {
            assertTrue(pacer.allows("a", false, T0.plusSeconds(i)));
            pacer.record("a", false, T0.plusSeconds(i));
        }
        assertFalse(pacer.allows("a", false, T0.plusSeconds(10)));
        assertEquals(0, pacer.budget("a", T0.plusSeconds(10)));
        assertEquals(T0.plusSeconds(60), pacer.nextAllowed("a", false, T0.plusSeconds(10)));
        assertTrue(pacer.allows("a", false, T0.plusSeconds(61)));
        assertTrue(pacer.allows("b", false, T0.plusSeconds(10)), "accounts are paced separately");
    }

    @Test
    void limitsNewRecipientsPerHourAndPerDay() {
        Pacer pacer = new Pacer(true, 1000, 2, 3);
        pacer.record("a", true, T0);
        pacer.record("a", true, T0.plusSeconds(1));
        assertFalse(pacer.allows("a", true, T0.plusSeconds(2)), "third new recipient within the hour");
        assertTrue(pacer.allows("a", false, T0.plusSeconds(2)), "known recipients are not limited by it");
        assertEquals(T0.plus(Duration.ofHours(1)), pacer.nextAllowed("a", true, T0.plusSeconds(2)));
        Instant later = T0.plus(Duration.ofHours(2));
        pacer.record("a", true, later);
        assertFalse(pacer.allows("a", true, later.plusSeconds(1)), "fourth new recipient within the day");
        assertTrue(pacer.allows("a", true, T0.plus(Duration.ofDays(1)).plusSeconds(1)));
    }

    @Test
    void disabledPacerAllowsEverything() {
        Pacer pacer = new Pacer(false, 1, 1, 1);
        for (int i = 0; i < 100; i++) {
            assertTrue(pacer.allows("a", true, T0));
            pacer.record("a", true, T0);
        }
        assertEquals(Integer.MAX_VALUE, pacer.budget("a", T0));
    }
}
