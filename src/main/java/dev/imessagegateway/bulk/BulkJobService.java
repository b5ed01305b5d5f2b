package dev.imessagegateway.bulk;

import dev.imessagegateway.account.AccountRegistry;
import dev.imessagegateway.common.FieldError;
import dev.imessagegateway.common.GatewayConfig;
import dev.imessagegateway.common.Ids;
import dev.imessagegateway.common.ProblemException;
import dev.imessagegateway.dispatch.DispatchSignal;
import dev.imessagegateway.message.MessageRules;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates and cancels bulk jobs. A job and all its messages are written in one transaction with set-based
 * inserts ({@code INSERT ... SELECT FROM unnest(arrays)}, a few thousand rows per statement).
 */
@ApplicationScoped
public class BulkJobService {

    /** At most this many invalid entries are listed in a 400 (the count of all of them is in the detail). */
    static final int MAX_LISTED_ERRORS = 1000;

    private final Pool pool;
    private final AccountRegistry accounts;
    private final DispatchSignal signal;
    private final MessageRules rules;
    private final int maxRecipients;
    private final int chunk;

    public BulkJobService(Pool pool, AccountRegistry accounts, DispatchSignal signal, MessageRules rules, GatewayConfig config) {
        this.pool = pool;
        this.accounts = accounts;
        this.signal = signal;
        this.rules = rules;
        this.maxRecipients = config.bulk().maxRecipients();
        this.chunk = config.bulk().insertChunk();
    }

    public Uni<BulkViews.Created> create(SendBulkRequest request) {
        List<FieldError> errors = new ArrayList<>();
        List<MessageRules.Draft> drafts = validate(request, errors);
        int priority = request.priority() == null ? 0 : request.priority();
        String fromNumber = rules.checkFromNumber("fromNumber", request.fromNumber(), errors);
        return accounts.requireRegistered(fromNumber)
                .chain(() -> insert(request.name(), priority, fromNumber, drafts));
    }

    /** Cancels the job's messages that no agent holds yet; the rest finish normally. */
    public Uni<Void> cancel(String jobId) {
        return pool.withTransaction(conn -> conn.preparedQuery(
                                "SELECT status FROM bulk_job WHERE id = $1 FOR UPDATE")
                        .execute(Tuple.of(jobId))
                        .chain(rows -> {
                            if (rows.size() == 0) {
                                return Uni.createFrom().failure(ProblemException.notFound("Bulk job", jobId));
                            }
                            String status = rows.iterator().next().getString("status");
                            if (status.equals(BulkJob.COMPLETED)) {
                                return Uni.createFrom().failure(ProblemException.conflict(
                                        "Bulk job " + jobId + " is completed; nothing is left to cancel"));
                            }
                            return conn.preparedQuery("""
                                            UPDATE message SET status = 'cancelled', updated_at = now()
                                            WHERE bulk_job_id = $1 AND status IN ('queued', 'failed')""")
                                    .execute(Tuple.of(jobId))
                                    .chain(() -> conn.preparedQuery("""
                                                    UPDATE bulk_job SET status = 'cancelled', cancelled_at = coalesce(cancelled_at, now())
                                                    WHERE id = $1""")
                                            .execute(Tuple.of(jobId)))
                                    .replaceWithVoid();
                        }));
    }

    /** Every entry is checked like a single message; any invalid entry rejects the whole request. */
    private List<MessageRules.Draft> validate(SendBulkRequest request, List<FieldError> errors) {
        if (request == null) {
            throw ProblemException.badRequest("body", "a JSON object is required");
        }
        if (request.messages() == null || request.messages().isEmpty()) {
            throw ProblemException.badRequest("messages", "must contain at least one message");
        }
        if (request.messages().size() > maxRecipients) {
            throw new ProblemException(413, "Payload Too Large",
                    "A bulk job has at most " + maxRecipients + " recipients; this one has " + request.messages().size(),
                    List.of(new FieldError("messages", "at most " + maxRecipients + " entries")));
        }
        rules.checkPriority("priority", request.priority(), errors);
        rules.checkFromNumber("fromNumber", request.fromNumber(), errors);
        if (request.name() != null && request.name().length() > 200) {
            errors.add(new FieldError("name", "must be at most 200 characters"));
        }
        List<MessageRules.Draft> drafts = new ArrayList<>(request.messages().size());
        List<FieldError> entryErrors = new ArrayList<>();
        int invalid = 0;
        for (int i = 0; i < request.messages().size(); i++) {
            SendBulkRequest.Entry e = request.messages().get(i);
            entryErrors.clear();
            MessageRules.Draft d = null;
            if (e == null) {
                entryErrors.add(new FieldError("messages[" + i + "]", "must be an object"));
            } else {
                d = rules.check("messages[" + i + "].", e.to(), e.body(), e.attachments(), null, null, entryErrors);
            }
            if (d == null) {
                invalid++;
                if (errors.size() < MAX_LISTED_ERRORS) {
                    errors.addAll(entryErrors);
                }
            } else {
                drafts.add(d);
            }
        }
        if (!errors.isEmpty()) {
            String detail = (invalid == 0 ? "" : invalid + " of " + request.messages().size() + " messages are invalid; ")
                    + "nothing was created. First: " + errors.stream().limit(3)
                            .map(f -> f.field() + ": " + f.message()).collect(java.util.stream.Collectors.joining("; "));
            throw new ProblemException(400, "Bad Request", detail, errors);
        }
        return drafts;
    }

    private Uni<BulkViews.Created> insert(String name, int priority, String fromNumber, List<MessageRules.Draft> drafts) {
        String jobId = Ids.bulkJob();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        return pool.withTransaction(conn -> conn.preparedQuery("""
                                INSERT INTO bulk_job (id, name, status, total, priority, from_number, created_at)
                                VALUES ($1, $2, 'processing', $3, $4, $5, $6)""")
                        .execute(Tuple.tuple().addValue(jobId).addValue(name).addValue(drafts.size())
                                .addValue((short) priority).addValue(fromNumber).addValue(at))
                        .chain(() -> conn.preparedQuery("""
                                        INSERT INTO bulk_job_count (job_id, status, shard, n) VALUES ($1, 'queued', pg_backend_pid(), $2)
                                        ON CONFLICT (job_id, status, shard) DO UPDATE SET n = bulk_job_count.n + EXCLUDED.n""")
                                .execute(Tuple.of(jobId, (long) drafts.size())))
                        .chain(() -> Multi.createFrom().range(0, (drafts.size() + chunk - 1) / chunk)
                                .onItem().transformToUniAndConcatenate(c -> insertChunk(conn, jobId, priority, fromNumber, at,
                                        drafts.subList(c * chunk, Math.min(drafts.size(), (c + 1) * chunk))))
                                .collect().last())
                        .replaceWithVoid())
                .invoke(signal::committed)
                .replaceWith(new BulkViews.Created(jobId, BulkJob.PROCESSING, drafts.size(), now));
    }

    private static Uni<Void> insertChunk(SqlConnection conn, String jobId, int priority, String fromNumber,
                                         OffsetDateTime at, List<MessageRules.Draft> drafts) {
        int n = drafts.size();
        String[] ids = new String[n];
        String[] recipients = new String[n];
        String[] bodies = new String[n];
        List<String> attIds = new ArrayList<>();
        List<String> attMessages = new ArrayList<>();
        List<Integer> attPositions = new ArrayList<>();
        List<String> attUrls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            MessageRules.Draft d = drafts.get(i);
            ids[i] = Ids.message();
            recipients[i] = d.to();
            bodies[i] = d.body();
            for (int p = 0; p < d.attachments().size(); p++) {
                attIds.add(Ids.attachment());
                attMessages.add(ids[i]);
                attPositions.add(p);
                attUrls.add(d.attachments().get(p));
            }
        }
        Uni<Void> messages = conn.preparedQuery("""
                        INSERT INTO message (id, direction, status, recipient, participant, body, priority, from_number,
                                             sender, bulk_job_id, created_at, queued_at, updated_at, next_attempt_at)
                        SELECT t.id, 'sent', 'queued', t.recipient, t.recipient, t.body, $4, $5, $5, $6, $7, $7, $7, $7
                        FROM unnest($1::text[], $2::text[], $3::text[]) AS t(id, recipient, body)""")
                .execute(Tuple.tuple().addValue(ids).addValue(recipients).addValue(bodies)
                        .addValue((short) priority).addValue(fromNumber).addValue(jobId).addValue(at))
                .replaceWithVoid();
        if (attIds.isEmpty()) {
            return messages;
        }
        return messages.chain(() -> conn.preparedQuery("""
                        INSERT INTO message_attachment (id, message_id, position, source_url, created_at)
                        SELECT t.id, t.message_id, t.position, t.url, $5
                        FROM unnest($1::text[], $2::text[], $3::int[], $4::text[]) AS t(id, message_id, position, url)""")
                .execute(Tuple.tuple().addValue(attIds.toArray(new String[0])).addValue(attMessages.toArray(new String[0]))
                        .addValue(attPositions.toArray(new Integer[0])).addValue(attUrls.toArray(new String[0])).addValue(at))
                .replaceWithVoid());
    }
}
