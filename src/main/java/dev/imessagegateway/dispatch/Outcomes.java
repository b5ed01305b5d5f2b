package dev.imessagegateway.dispatch;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.List;

/**
 * The state changes a message goes through after it is claimed, as single SQL statements. Every change is
 * idempotent and never moves a message backwards ({@code read} > {@code delivered} > {@code sent}), so repeated
 * or late agent events are harmless.
 */
public class Outcomes {

    private final Pool pool;
    private final int maxAttempts;
    private final long backoffBaseMs;
    private final long backoffMaxMs;

    public Outcomes(Pool pool, int maxAttempts, Duration backoffBase, Duration backoffMax) {
        this.pool = pool;
        this.maxAttempts = maxAttempts;
        this.backoffBaseMs = backoffBase.toMillis();
        this.backoffMaxMs = backoffMax.toMillis();
    }

    /** Applies {@code sent}, {@code delivered} or {@code read}; returns whether a row changed. */
    public Uni<Boolean> reached(String messageId, String state, Instant at, String guid) {
        String sql = switch (state) {
            case "sent" -> """
                    UPDATE message SET status = 'sent', sent_at = coalesce(sent_at, $2), guid = coalesce($3, guid),
                           lease_until = NULL, last_error = NULL, updated_at = now()
                    WHERE id = $1 AND direction = 'sent' AND status NOT IN ('sent', 'delivered', 'read')""";
            case "delivered" -> """
                    UPDATE message SET status = 'delivered', sent_at = coalesce(sent_at, $2),
                           delivered_at = coalesce(delivered_at, $2), guid = coalesce($3, guid),
                           lease_until = NULL, last_error = NULL, updated_at = now()
                    WHERE id = $1 AND direction = 'sent' AND status NOT IN ('delivered', 'read')""";
            case "read" -> """
                    UPDATE message SET status = 'read', sent_at = coalesce(sent_at, $2),
                           delivered_at = coalesce(delivered_at, $2), read_at = coalesce(read_at, $2),
                           guid = coalesce($3, guid), lease_until = NULL, last_error = NULL, updated_at = now()
                    WHERE id = $1 AND direction = 'sent' AND status <> 'read'""";
            default -> throw new IllegalArgumentException("not a success state: " + state);
        };
        return pool.preparedQuery(sql)
                .execute(Tuple.of(messageId, utc(at), guid))
                .map(rows -> rows.rowCount() > 0);
    }

    /**
     * A failed attempt: {@code failed} with a backoff (exponential, with jitter) while attempts remain and the
     * error is retryable, else {@code dead_letter}. Only a message still {@code sending} is affected.
     */
    public Uni<Boolean> failed(String messageId, String error, boolean retryable) {
        return pool.preparedQuery("""
                        UPDATE message SET
                            status = CASE WHEN $3 AND attempts - attempts_base < $4 THEN 'failed' ELSE 'dead_letter' END,
                            last_error = $2,
                            next_attempt_at = now() + least($5 * power(2, greatest(attempts - attempts_base - 1, 0)), $6)
                                                      * (0.5 + random()) * interval '1 millisecond',
                            claimed_by = NULL, lease_until = NULL, updated_at = now()
                        WHERE id = $1 AND status = 'sending'""")
                .execute(Tuple.tuple(List.of(messageId, error, retryable, maxAttempts, (double) backoffBaseMs, (double) backoffMaxMs)))
                .map(rows -> rows.rowCount() > 0);
    }

    /**
     * Messages the agent never accepted go back to the queue, and the hand-over that did not happen is not
     * counted as an attempt.
     */
    public Uni<Integer> notAccepted(List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return pool.preparedQuery("""
                        UPDATE message SET status = 'queued', attempts = greatest(attempts - 1, attempts_base),
                               claimed_by = NULL, lease_until = NULL, next_attempt_at = now(), updated_at = now()
                        WHERE id = ANY($1) AND status = 'sending'""")
                .execute(Tuple.of(messageIds.toArray(new String[0])))
                .map(rows -> rows.rowCount());
    }

    /** Keeps messages the agent holds (accepted, outcome pending) leased to this instance for another period. */
    public Uni<Void> extendLease(List<String> messageIds, String instanceId, Duration lease) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("""
                        UPDATE message SET claimed_by = $2, lease_until = now() + $3 * interval '1 millisecond'
                        WHERE id = ANY($1) AND status = 'sending'""")
                .execute(Tuple.of(messageIds.toArray(new String[0]), instanceId, (double) lease.toMillis()))
                .replaceWithVoid();
    }

    static OffsetDateTime utc(Instant at) {
        return (at == null ? Instant.now() : at).atOffset(ZoneOffset.UTC);
    }
}
