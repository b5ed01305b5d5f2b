package dev.imessagegateway.dispatch;

import dev.imessagegateway.common.GatewayConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-account pacing, because Apple flags accounts that send too fast: messages per minute, and new
 * recipients per hour and per day, each as a sliding window. A message held back stays queued and loses no
 * attempt. The windows live in this instance's memory (see README: instances sharing an account each pace).
 */
public class Pacer {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);

    private final boolean enabled;
    private final int perMinute;
    private final int newPerHour;
    private final int newPerDay;
    private final Map<String, Windows> accounts = new ConcurrentHashMap<>();

    public Pacer(GatewayConfig.Pacing config) {
        this(config.enabled(), config.messagesPerMinute(), config.newRecipientsPerHour(), config.newRecipientsPerDay());
    }

    public Pacer(boolean enabled, int perMinute, int newPerHour, int newPerDay) {
        this.enabled = enabled;
        this.perMinute = perMinute;
        this.newPerHour = newPerHour;
        this.newPerDay = newPerDay;
    }

    public boolean enabled() {
        return enabled;
    }

    /** How many more messages the account may send now. */
    public synchronized int budget(String account, Instant now) {
        if (!enabled) {
            return Integer.MAX_VALUE;
        }
        Windows w = windows(account);
        return Math.max(0, perMinute - w.count(w.sends, now, MINUTE));
    }

    /** True when the account may send one more message now (to a new recipient if {@code newRecipient}). */
    public synchronized boolean allows(String account, boolean newRecipient, Instant now) {
        if (!enabled) {
            return true;
        }
        Windows w = windows(account);
        if (w.count(w.sends, now, MINUTE) >= perMinute) {
            return false;
        }
        return !newRecipient
                || w.count(w.newRecipients, now, HOUR) < newPerHour && w.count(w.newRecipients, now, DAY) < newPerDay;
    }

    public synchronized void record(String account, boolean newRecipient, Instant now) {
        if (!enabled) {
            return;
        }
        Windows w = windows(account);
        w.sends.addLast(now);
        if (newRecipient) {
            w.newRecipients.addLast(now);
        }
    }

    /** When the account will next be allowed to send (to a new recipient if {@code newRecipient}). */
    public synchronized Instant nextAllowed(String account, boolean newRecipient, Instant now) {
        Windows w = windows(account);
        Instant next = now;
        if (w.count(w.sends, now, MINUTE) >= perMinute) {
            next = later(next, w.sends.peekFirst().plus(MINUTE));
        }
        if (newRecipient) {
            if (w.count(w.newRecipients, now, HOUR) >= newPerHour) {
                next = later(next, w.nthNewest(newPerHour).plus(HOUR));
            }
            if (w.count(w.newRecipients, now, DAY) >= newPerDay) {
                next = later(next, w.nthNewest(newPerDay).plus(DAY));
            }
        }
        return next;
    }

    private Windows windows(String account) {
        return accounts.computeIfAbsent(account, a -> new Windows());
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static final class Windows {
        final Deque<Instant> sends = new ArrayDeque<>();
        final Deque<Instant> newRecipients = new ArrayDeque<>();

        /** Drops entries older than the longest window they serve, then counts those inside {@code window}. */
        int count(Deque<Instant> times, Instant now, Duration window) {
            Duration keep = times == sends ? MINUTE : DAY;
            while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(keep))) {
                times.removeFirst();
            }
            Instant from = now.minus(window);
            int n = 0;
            for (var it = times.descendingIterator(); it.hasNext(); ) {
                if (!it.next().isAfter(from)) {
                    break;
                }
                n++;
            }
            return n;
        }

        /** The n-th newest entry (1 = newest): the one whose expiry frees a slot for a window of size n. */
        Instant nthNewest(int n) {
            int i = 0;
            for (var it = newRecipients.descendingIterator(); it.hasNext(); ) {
                Instant t = it.next();
                if (++i == n) {
                    return t;
                }
            }
            return newRecipients.peekFirst();
        }
    }
}
