package dev.imessagegateway.message;

import dev.imessagegateway.common.PageRequest;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Reads of messages. */
@ApplicationScoped
@WithSession
public class MessageRepository {

    private final Pool pool;

    public MessageRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Message> findById(String id) {
        return Message.findById(id);
    }

    public Uni<List<MessageAttachment>> attachments(String messageId) {
        return MessageAttachment.list("messageId = ?1 order by position", messageId);
    }

    /** Newest first (ids are time-ordered), filtered by direction and/or participant; plain SQL on the hot read path. */
    public Uni<List<MessageView>> page(String direction, String participant, PageRequest request) {
        // One statement per filter combination, so each prepared plan can use its own index.
        Tuple args = Tuple.tuple();
        String where = where(direction, participant, args);
        args.addValue(request.limit()).addValue(request.offset());
        return pool.preparedQuery("""
                        SELECT id, direction, status, recipient, sender, from_number, body, priority, attempts, last_error,
                               bulk_job_id, created_at, sent_at, delivered_at, read_at
                        FROM message""" + where + " ORDER BY id DESC LIMIT $" + (args.size() - 1) + " OFFSET $" + args.size())
                .execute(args)
                .map(rows -> {
                    List<MessageView> page = new java.util.ArrayList<>(rows.size());
                    for (Row r : rows) {
                        page.add(new MessageView(r.getString("id"), r.getString("direction"),
                                MessageStatus.fromWire(r.getString("status")).orElseThrow(), r.getString("recipient"),
                                r.getString("sender"), r.getString("from_number"), r.getString("body"), null,
                                r.getShort("priority"), r.getInteger("attempts"), r.getString("last_error"),
                                r.getString("bulk_job_id"), instant(r, "created_at"), instant(r, "sent_at"),
                                instant(r, "delivered_at"), instant(r, "read_at")));
                    }
                    return page;
                });
    }

    /**
     * Exact total for the list: from the trigger-kept per-direction counters when only {@code direction} (or nothing)
     * filters, else a count over the participant index.
     */
    public Uni<Long> count(String direction, String participant) {
        if (participant == null) {
            return pool.preparedQuery("SELECT coalesce(sum(n), 0) FROM message_count WHERE $1::text IS NULL OR direction = $1")
                    .execute(Tuple.of(direction))
                    .map(rows -> rows.iterator().next().getLong(0));
        }
        Tuple args = Tuple.tuple();
        return pool.preparedQuery("SELECT count(*) FROM message" + where(direction, participant, args))
                .execute(args)
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static String where(String direction, String participant, Tuple args) {
        StringBuilder where = new StringBuilder();
        if (direction != null) {
            args.addValue(direction);
            where.append(" WHERE direction = $").append(args.size());
        }
        if (participant != null) {
            args.addValue(participant);
            where.append(where.isEmpty() ? " WHERE " : " AND ").append("participant = $").append(args.size());
        }
        return where.toString();
    }

    private static java.time.Instant instant(Row r, String column) {
        java.time.OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    public Uni<QueueStatsView> queueStats() {
        return pool.query("""
                        SELECT count(*) FILTER (WHERE status = 'queued')      AS pending,
                               count(*) FILTER (WHERE status = 'sending')     AS processing,
                               count(*) FILTER (WHERE status = 'failed')      AS failed,
                               count(*) FILTER (WHERE status = 'dead_letter') AS dead_letter
                        FROM message
                        WHERE status IN ('queued', 'sending', 'failed', 'dead_letter')""")
                .execute()
                .map(rows -> rows.iterator().next())
                .map(MessageRepository::stats);
    }

    private static QueueStatsView stats(Row row) {
        return new QueueStatsView(row.getLong("pending"), row.getLong("processing"), row.getLong("failed"),
                row.getLong("dead_letter"));
    }
}
