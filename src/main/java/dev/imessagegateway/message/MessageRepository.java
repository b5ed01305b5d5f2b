package dev.imessagegateway.message;

import dev.imessagegateway.common.PageRequest;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
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

    /** Newest first (ids are time-ordered), filtered by direction and/or participant. */
    public Uni<List<Message>> page(String direction, String participant, PageRequest request) {
        Filter filter = Filter.of(direction, participant);
        return Message.<Message>find(filter.where, Sort.descending("id"), filter.params)
                .page(Page.of(request.page() - 1, request.limit()))
                .list();
    }

    public Uni<Long> count(String direction, String participant) {
        Filter filter = Filter.of(direction, participant);
        return Message.count(filter.where, filter.params);
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

    private record Filter(String where, Parameters params) {
        static Filter of(String direction, String participant) {
            Parameters params = new Parameters();
            StringBuilder where = new StringBuilder("1 = 1");
            if (direction != null) {
                where.append(" and direction = :direction");
                params.and("direction", direction);
            }
            if (participant != null) {
                where.append(" and participant = :participant");
                params.and("participant", participant);
            }
            return new Filter(where.toString(), params);
        }
    }
}
