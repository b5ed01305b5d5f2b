package dev.imessagegateway.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imessagegateway.agent.AgentClient;
import dev.imessagegateway.agent.AgentConnection;
import dev.imessagegateway.agent.Frames;
import dev.imessagegateway.attachment.AttachmentService;
import dev.imessagegateway.common.Handles;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Claims ready messages in priority order and hands them to agents. One claim is one statement inside a
 * transaction ({@code UPDATE ... WHERE id IN (SELECT ... ORDER BY priority DESC, id FOR UPDATE SKIP LOCKED
 * LIMIT n) RETURNING ...}), sized to the free capacity of connected agents and to the pacing budget of their
 * accounts; a full batch is followed at once by another claim. Any number of instances may run this against one
 * database: the row locks and leases make each message belong to one of them at a time.
 */
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final Pool pool;
    private final AgentClient agents;
    private final Outcomes outcomes;
    private final Pacer pacer;
    private final AttachmentService attachments;
    private final String instanceId;
    private final Duration lease;
    private final Duration replyTimeout;
    private final int maxBatch;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicInteger rotation = new AtomicInteger();
    private volatile boolean stopped;

    public Dispatcher(Pool pool, AgentClient agents, Outcomes outcomes, Pacer pacer, AttachmentService attachments,
                      String instanceId, Duration lease, Duration replyTimeout, int maxBatch) {
        this.pool = pool;
        this.attachments = attachments;
        this.agents = agents;
        this.outcomes = outcomes;
        this.pacer = pacer;
        this.instanceId = instanceId;
        this.lease = lease;
        this.replyTimeout = replyTimeout;
        this.maxBatch = maxBatch;
    }

    /** Runs claim cycles until a claim comes back short; concurrent wake-ups fold into one more cycle. */
    public void wake() {
        if (stopped) {
            return;
        }
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        cycle().subscribe().with(
                full -> {
                    running.set(false);
                    if (full || again.get()) {
                        wake();
                    }
                },
                failure -> {
                    running.set(false);
                    LOG.warnf("Dispatch cycle failed: %s", failure.toString());
                });
    }

    public void stop() {
        stopped = true;
    }

    /** One claim and hand-over; true when the claim was full (more may be ready). */
    Uni<Boolean> cycle() {
        List<AgentConnection> ready = agents.ready();
        Instant now = Instant.now();
        Set<String> accounts = new LinkedHashSet<>();
        int capacity = 0;
        long budget = 0;
        for (AgentConnection c : ready) {
            int free = c.freeSlots();
            if (free == 0) {
                continue;
            }
            for (String account : c.accounts()) {
                int b = pacer.budget(account, now);
                if (b > 0 && accounts.add(account)) {
                    budget += b;
                }
            }
            capacity += free;
        }
        int n = (int) Math.min(Math.min(capacity, budget), maxBatch);
        if (n <= 0 || accounts.isEmpty()) {
            return Uni.createFrom().item(false);
        }
        boolean attachments = ready.stream().anyMatch(c -> c.freeSlots() > 0 && c.handlesAttachments());
        return claim(n, accounts, attachments)
                .chain(this::handOver)
                .map(assigned -> assigned >= n);
    }

    /** A claimed message, as the claim returned it. */
    record Claimed(String id, String to, String body, String fromNumber, int attempts, int priority, String previousStatus,
                   int attachments) {
    }

    private Uni<List<Claimed>> claim(int limit, Set<String> accounts, boolean attachments) {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                        WITH ready AS (
                            SELECT id, status FROM message
                            WHERE status IN ('queued', 'failed') AND next_attempt_at <= now()
                              AND (from_number IS NULL OR from_number = ANY($3))
                              AND ($5 OR NOT EXISTS (SELECT 1 FROM message_attachment a WHERE a.message_id = message.id))
                            ORDER BY priority DESC, id
                            FOR UPDATE SKIP LOCKED
                            LIMIT $4)
                        UPDATE message m SET status = 'sending', claimed_by = $1,
                               lease_until = now() + $2 * interval '1 millisecond', updated_at = now()
                        FROM ready WHERE m.id = ready.id
                        RETURNING m.id, m.recipient, m.body, m.from_number, m.attempts, m.priority, ready.status AS previous,
                                  (SELECT count(*) FROM message_attachment a WHERE a.message_id = m.id) AS attachments""")
                .execute(Tuple.of(instanceId, (double) lease.toMillis(), accounts.toArray(new String[0]), limit, attachments))
                .map(rows -> {
                    List<Claimed> claimed = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        claimed.add(new Claimed(r.getString("id"), r.getString("recipient"), r.getString("body"),
                                r.getString("from_number"), r.getInteger("attempts"), r.getInteger("priority"),
                                r.getString("previous"), r.getInteger("attachments")));
                    }
                    claimed.sort(Comparator.comparingInt(Claimed::priority).reversed().thenComparing(Claimed::id));
                    return claimed;
                }));
    }

    /** A claimed message matched to an account and the connection that sends from it. */
    record Assignment(Claimed message, String account, AgentConnection connection) {
    }

    /** Assigns accounts, holds back what cannot go now, records and sends the rest; returns how many were sent. */
    private Uni<Integer> handOver(List<Claimed> claimed) {
        if (claimed.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return knownContacts(claimed).chain(known -> {
            Instant now = Instant.now();
            List<Assignment> assigned = new ArrayList<>();
            List<Claimed> held = new ArrayList<>();
            List<Instant> heldUntil = new ArrayList<>();
            for (Claimed m : claimed) {
                Assignment a = assign(m, known, now, rotation.getAndIncrement() & Integer.MAX_VALUE);
                if (a == null) {
                    held.add(m);
                    heldUntil.add(holdUntil(m, known, now));
                } else {
                    assigned.add(a);
                }
            }
            return hold(held, heldUntil)
                    .chain(() -> recordHandOver(assigned))
                    .invoke(() -> assigned.forEach(this::send))
                    .replaceWith(assigned.size());
        });
    }

    /** Picks the account for a message: its fromNumber, or the account with the most free slots (rotating on ties). */
    private Assignment assign(Claimed m, Set<String> known, Instant now, int rotation) {
        List<AgentConnection> ready = agents.ready();
        Assignment best = null;
        int bestFree = 0;
        for (int i = 0; i < ready.size(); i++) {
            AgentConnection c = ready.get((i + rotation) % ready.size());
            if (m.attachments() > 0 && !c.handlesAttachments()) {
                continue;
            }
            int free = c.freeSlots();
            if (free <= bestFree) {
                continue;
            }
            List<String> accounts = c.accounts();
            for (int j = 0; j < accounts.size(); j++) {
                String account = accounts.get((j + rotation) % accounts.size());
                if (m.fromNumber() != null && !m.fromNumber().equals(account)) {
                    continue;
                }
                if (pacer.allows(account, isNew(account, m.to(), known), now)) {
                    best = new Assignment(m, account, c);
                    bestFree = free;
                    break;
                }
            }
        }
        if (best == null || !best.connection().reserve(m.id())) {
            return null;
        }
        pacer.record(best.account(), isNew(best.account(), m.to(), known), now);
        known.add(best.account() + "\n" + m.to());
        return best;
    }

    private Instant holdUntil(Claimed m, Set<String> known, Instant now) {
        Instant earliest = null;
        for (AgentConnection c : agents.ready()) {
            for (String account : c.accounts()) {
                if (m.fromNumber() == null || m.fromNumber().equals(account)) {
                    Instant t = pacer.nextAllowed(account, isNew(account, m.to(), known), now);
                    earliest = earliest == null || t.isBefore(earliest) ? t : earliest;
                }
            }
        }
        // No free slot on the agent that has its account: look again shortly (a slot frees within a send time);
        // never "now", which would make the next claim pick the same message again at once.
        Instant soon = now.plusMillis(250);
        return earliest == null || earliest.isBefore(soon) ? soon : earliest;
    }

    private static boolean isNew(String account, String recipient, Set<String> known) {
        return !Handles.isChatGuid(recipient) && !known.contains(account + "\n" + recipient);
    }

    /** Which of the batch's recipients each account has written to before (only needed when pacing). */
    private Uni<Set<String>> knownContacts(List<Claimed> claimed) {
        if (!pacer.enabled()) {
            return Uni.createFrom().item(new HashSet<>());
        }
        String[] recipients = claimed.stream().map(Claimed::to).distinct().toArray(String[]::new);
        return pool.preparedQuery("SELECT account, recipient FROM account_contact WHERE recipient = ANY($1)")
                .execute(Tuple.of((Object) recipients))
                .map(rows -> {
                    Set<String> known = new HashSet<>();
                    rows.forEach(r -> known.add(r.getString("account") + "\n" + r.getString("recipient")));
                    return known;
                });
    }

    /** Messages pacing holds back go back to where they were, losing no attempt, until pacing allows them. */
    private Uni<Void> hold(List<Claimed> held, List<Instant> until) {
        if (held.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("""
                        UPDATE message m SET status = v.previous, claimed_by = NULL, lease_until = NULL,
                               next_attempt_at = v.until, updated_at = now()
                        FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS v(id, previous, until)
                        WHERE m.id = v.id AND m.status = 'sending'""")
                .execute(Tuple.of(
                        held.stream().map(Claimed::id).toArray(String[]::new),
                        held.stream().map(Claimed::previousStatus).toArray(String[]::new),
                        until.stream().map(Outcomes::utc).toArray(OffsetDateTime[]::new)))
                .replaceWithVoid();
    }

    /** Counts the hand-over as an attempt and records the account (and, when pacing, the new contact). */
    private Uni<Void> recordHandOver(List<Assignment> assigned) {
        if (assigned.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] ids = assigned.stream().map(a -> a.message().id()).toArray(String[]::new);
        String[] accounts = assigned.stream().map(Assignment::account).toArray(String[]::new);
        Uni<Void> attempt = pool.preparedQuery("""
                        UPDATE message m SET attempts = m.attempts + 1, sender = v.account
                        FROM unnest($1::text[], $2::text[]) AS v(id, account) WHERE m.id = v.id""")
                .execute(Tuple.of(ids, accounts))
                .replaceWithVoid();
        if (!pacer.enabled()) {
            return attempt;
        }
        String[] recipients = assigned.stream().map(a -> a.message().to()).toArray(String[]::new);
        return attempt.chain(() -> pool.preparedQuery("""
                        INSERT INTO account_contact (account, recipient)
                        SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING""")
                .execute(Tuple.of(accounts, recipients))
                .replaceWithVoid());
    }

    private void send(Assignment a) {
        Claimed m = a.message();
        Uni<List<ObjectNode>> refs = m.attachments() == 0
                ? Uni.createFrom().item(List.of())
                : attachments.prepare(m.id());
        refs.subscribe().with(list -> sendFrame(a, list), failure -> {
            agents.release(m.id());
            boolean retryable = !(failure instanceof AttachmentService.PrepareFailed p) || p.retryable();
            outcomes.failed(m.id(), failure.getMessage(), retryable).subscribe().with(
                    ignored -> { },
                    e -> LOG.warnf("send %s: recording the attachment failure failed: %s", m.id(), e.toString()));
        });
    }

    private void sendFrame(Assignment a, List<ObjectNode> attachmentRefs) {
        Claimed m = a.message();
        ObjectNode data = Frames.object();
        data.put("messageId", m.id());
        data.put("to", m.to());
        data.put("body", m.body());
        data.put("account", a.account());
        data.put("attempt", m.attempts() + 1);
        data.putArray("attachments").addAll(attachmentRefs);
        a.connection().send(data, replyTimeout).whenComplete((reply, failure) -> {
            if (failure != null) {
                // Unknown fate (timeout, disconnect): the message stays 'sending' until reconciled with the agent.
                LOG.debugf("send %s: no reply (%s); left to reconciliation", m.id(), failure.getMessage());
                agents.release(m.id());
                return;
            }
            onSendReply(m, reply).subscribe().with(
                    ignored -> { },
                    e -> LOG.warnf("send %s: recording the reply failed: %s", m.id(), e.toString()));
        });
    }

    private Uni<Void> onSendReply(Claimed m, JsonNode reply) {
        JsonNode data = reply.path("data");
        if (Frames.OK.equals(reply.path("type").asText())) {
            String state = data.path("state").asText("accepted");
            if (state.equals("accepted")) {
                return Uni.createFrom().voidItem();
            }
            agents.release(m.id());
            return AgentEventsHandler.applyState(outcomes, m.id(), state, data);
        }
        agents.release(m.id());
        String code = data.path("code").asText("error");
        if (code.equals("busy")) {
            return outcomes.notAccepted(List.of(m.id())).replaceWithVoid();
        }
        return outcomes.failed(m.id(), code + ": " + data.path("message").asText(""), data.path("retryable").asBoolean(false))
                .replaceWithVoid();
    }
}
