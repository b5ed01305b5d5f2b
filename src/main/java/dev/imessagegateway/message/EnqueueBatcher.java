package dev.imessagegateway.message;

import dev.imessagegateway.common.Ids;
import dev.imessagegateway.common.ProblemException;
import dev.imessagegateway.dispatch.DispatchSignal;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Group commit for {@code POST /messages}: concurrent requests are queued and written together, one multi-row
 * INSERT per transaction (a single statement, without BEGIN/COMMIT, when no message has attachments), with at
 * most {@value #MAX_CONCURRENT} in flight. Each request is answered
 * only after the transaction holding its message has committed, so a 201 always means "stored". At low load
 * every request is its own batch (no added latency); under load batches grow and commits are shared.
 */
@Singleton
public class EnqueueBatcher {

    private static final Logger LOG = Logger.getLogger(EnqueueBatcher.class);
    static final int MAX_CONCURRENT = 8;
    static final int MAX_BATCH = 256;

    private final Pool pool;
    private final DispatchSignal signal;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    public EnqueueBatcher(Pool pool, DispatchSignal signal) {
        this.pool = pool;
        this.signal = signal;
    }

    private record Pending(Message message, List<String> attachments, UniEmitter<? super Message> emitter, Context context) {
    }

    /** Queues a validated message; completes with the stored message once its transaction commits. */
    public Uni<Message> enqueue(MessageRules.Draft draft) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Message m = new Message();
        m.id = Ids.message();
        m.direction = Message.SENT;
        m.status = MessageStatus.QUEUED;
        m.recipient = draft.to();
        m.participant = draft.to();
        m.fromNumber = draft.fromNumber();
        m.sender = draft.fromNumber();
        m.body = draft.body();
        m.priority = (short) draft.priority();
        m.createdAt = now;
        m.queuedAt = now;
        m.updatedAt = now;
        m.nextAttemptAt = now;
        return Uni.createFrom().emitter(emitter -> {
            queue.add(new Pending(m, draft.attachments(), emitter, Vertx.currentContext()));
            drain();
        });
    }

    private void drain() {
        while (!queue.isEmpty()) {
            int n = inFlight.get();
            if (n >= MAX_CONCURRENT) {
                return; // a finishing batch drains again
            }
            if (!inFlight.compareAndSet(n, n + 1)) {
                continue;
            }
            List<Pending> batch = new ArrayList<>();
            Pending p;
            while (batch.size() < MAX_BATCH && (p = queue.poll()) != null) {
                batch.add(p);
            }
            if (batch.isEmpty()) {
                inFlight.decrementAndGet();
                continue;
            }
            // Without attachments the batch is one INSERT statement, atomic on its own: no BEGIN/COMMIT round trips.
            boolean single = batch.stream().allMatch(b -> b.attachments().isEmpty());
            (single ? insertMessages(pool, batch) : pool.withTransaction(conn -> insert(conn, batch)))
                    .subscribe().with(
                            ok -> finish(batch, null),
                            failure -> finish(batch, failure));
        }
    }

    private void finish(List<Pending> batch, Throwable failure) {
        inFlight.decrementAndGet();
        if (failure == null) {
            signal.committed();
        } else {
            LOG.warnf("Storing %d messages failed: %s", batch.size(), failure.toString());
        }
        for (Pending p : batch) {
            Runnable complete = failure == null
                    ? () -> p.emitter().complete(p.message())
                    : () -> p.emitter().fail(new ProblemException(503, "Service Unavailable",
                            "The message could not be stored; it was not accepted. Try again."));
            if (p.context() != null) {
                p.context().runOnContext(v -> complete.run());
            } else {
                complete.run();
            }
        }
        drain();
    }

    /** Messages only: one INSERT statement, atomic on its own. */
    private static Uni<Void> insertMessages(Pool pool, List<Pending> batch) {
        return messagesStatement(pool, batch);
    }

    /** Messages and their attachment rows, in the caller's transaction. */
    private static Uni<Void> insert(SqlConnection conn, List<Pending> batch) {
        List<String> attIds = new ArrayList<>();
        List<String> attMessages = new ArrayList<>();
        List<Integer> attPositions = new ArrayList<>();
        List<String> attUrls = new ArrayList<>();
        List<OffsetDateTime> attTimes = new ArrayList<>();
        for (Pending p : batch) {
            for (int position = 0; position < p.attachments().size(); position++) {
                attIds.add(Ids.attachment());
                attMessages.add(p.message().id);
                attPositions.add(position);
                attUrls.add(p.attachments().get(position));
                attTimes.add(p.message().createdAt.atOffset(ZoneOffset.UTC));
            }
        }
        return messagesStatement(conn, batch)
                .chain(() -> conn.preparedQuery("""
                                INSERT INTO message_attachment (id, message_id, position, source_url, created_at)
                                SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::timestamptz[])""")
                        .execute(Tuple.of(attIds.toArray(new String[0]), attMessages.toArray(new String[0]),
                                attPositions.toArray(new Integer[0]), attUrls.toArray(new String[0]),
                                attTimes.toArray(new OffsetDateTime[0]))))
                .replaceWithVoid();
    }

    /** One multi-row INSERT of the batch's messages. */
    private static Uni<Void> messagesStatement(SqlClient client, List<Pending> batch) {
        int n = batch.size();
        String[] ids = new String[n];
        String[] recipients = new String[n];
        String[] bodies = new String[n];
        Short[] priorities = new Short[n];
        String[] froms = new String[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Message m = batch.get(i).message();
            ids[i] = m.id;
            recipients[i] = m.recipient;
            bodies[i] = m.body;
            priorities[i] = m.priority;
            froms[i] = m.fromNumber;
            times[i] = m.createdAt.atOffset(ZoneOffset.UTC);
        }
        return client.preparedQuery("""
                        INSERT INTO message (id, direction, status, recipient, participant, body, priority, from_number, sender,
                                             created_at, queued_at, updated_at, next_attempt_at)
                        SELECT t.id, 'sent', 'queued', t.recipient, t.recipient, t.body, t.priority, t.from_number, t.from_number,
                               t.at, t.at, t.at, t.at
                        FROM unnest($1::text[], $2::text[], $3::text[], $4::smallint[], $5::text[], $6::timestamptz[])
                             AS t(id, recipient, body, priority, from_number, at)""")
                .execute(Tuple.of(ids, recipients, bodies, priorities, froms, times))
                .replaceWithVoid();
    }
}
