package dev.imessagegateway.bulk;

import dev.imessagegateway.common.PageRequest;
import dev.imessagegateway.message.Message;
import dev.imessagegateway.message.MessageStatus;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads of bulk jobs: the job, its counts (a few counter rows, whatever the job's size) and its results. */
@ApplicationScoped
@WithSession
public class BulkJobRepository {

    private static final int STREAM_PAGE = 1000;

    private final Pool pool;

    public BulkJobRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<BulkJob> find(String jobId) {
        return BulkJob.findById(jobId);
    }

    public Uni<List<BulkJob>> page(PageRequest request) {
        return BulkJob.<BulkJob>findAll(Sort.descending("id"))
                .page(Page.of(request.page() - 1, request.limit()))
                .list();
    }

    public Uni<Long> count() {
        return BulkJob.count();
    }

    /** Per-state counts of the given jobs, from the counter rows the database trigger keeps exact. */
    public Uni<Map<String, BulkViews.Counts>> counts(List<String> jobIds) {
        return pool.preparedQuery("""
                        SELECT job_id, status, sum(n) AS n FROM bulk_job_count
                        WHERE job_id = ANY($1) GROUP BY job_id, status""")
                .execute(Tuple.of((Object) jobIds.toArray(new String[0])))
                .map(rows -> {
                    Map<String, Map<String, Long>> byJob = new HashMap<>();
                    for (Row r : rows) {
                        byJob.computeIfAbsent(r.getString("job_id"), k -> new HashMap<>())
                                .put(r.getString("status"), r.getLong("n"));
                    }
                    Map<String, BulkViews.Counts> out = new HashMap<>();
                    for (String id : jobIds) {
                        Map<String, Long> c = byJob.getOrDefault(id, Map.of());
                        out.put(id, new BulkViews.Counts(c.getOrDefault("queued", 0L), c.getOrDefault("sending", 0L),
                                c.getOrDefault("sent", 0L), c.getOrDefault("delivered", 0L), c.getOrDefault("read", 0L),
                                c.getOrDefault("failed", 0L), c.getOrDefault("dead_letter", 0L), c.getOrDefault("cancelled", 0L)));
                    }
                    return out;
                });
    }

    /** Marks processing jobs with nothing left queued, sending or awaiting a retry as completed. */
    public Uni<Void> markCompleted(List<String> jobIds) {
        return pool.preparedQuery("""
                        UPDATE bulk_job j SET status = 'completed', completed_at = now()
                        WHERE j.status = 'processing' AND ($1::text[] IS NULL OR j.id = ANY($1))
                          AND coalesce((SELECT sum(n) FROM bulk_job_count c
                                        WHERE c.job_id = j.id AND c.status IN ('queued', 'sending', 'failed')), 0) = 0""")
                .execute(Tuple.of((Object) (jobIds == null ? null : jobIds.toArray(new String[0]))))
                .replaceWithVoid();
    }

    public Uni<List<Message>> results(String jobId, MessageStatus status, PageRequest request) {
        return (status == null
                ? Message.<Message>find("bulkJobId = ?1", Sort.by("id"), jobId)
                : Message.<Message>find("bulkJobId = ?1 and status = ?2", Sort.by("id"), jobId, status))
                .page(Page.of(request.page() - 1, request.limit()))
                .list();
    }

    public Uni<Long> countResults(String jobId, MessageStatus status) {
        return status == null
                ? Message.count("bulkJobId = ?1", jobId)
                : Message.count("bulkJobId = ?1 and status = ?2", jobId, status);
    }

    /**
     * Every result of a job as a stream, fetched in keyset pages of {@value #STREAM_PAGE} rows, so a job of any size
     * is exported without being held in memory.
     */
    public Multi<BulkViews.Result> stream(String jobId, MessageStatus status) {
        String[] after = {""};
        return Multi.createBy().repeating()
                .uni(() -> pool.preparedQuery("""
                                SELECT id, recipient, status, attempts, last_error, sent_at, delivered_at FROM message
                                WHERE bulk_job_id = $1 AND id > $2 AND ($3::text IS NULL OR status = $3)
                                ORDER BY id LIMIT $4""")
                        .execute(Tuple.of(jobId, after[0], status == null ? null : status.wire(), STREAM_PAGE))
                        .map(rows -> {
                            List<BulkViews.Result> page = new java.util.ArrayList<>(rows.size());
                            for (Row r : rows) {
                                page.add(new BulkViews.Result(r.getString("recipient"), r.getString("id"),
                                        MessageStatus.fromWire(r.getString("status")).orElseThrow(), r.getInteger("attempts"),
                                        r.getString("last_error"), instant(r, "sent_at"), instant(r, "delivered_at")));
                            }
                            if (!page.isEmpty()) {
                                after[0] = page.get(page.size() - 1).messageId();
                            }
                            return page;
                        }))
                .until(List::isEmpty)
                .onItem().disjoint();
    }

    private static Instant instant(Row r, String column) {
        var t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }
}
