package dev.imessagegateway.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imessagegateway.agent.AgentClient;
import dev.imessagegateway.agent.AgentConnection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Settles messages whose fate the gateway does not know: those in {@code sending} when an agent (re)connects,
 * and those whose lease expired (a gateway crash, a silent agent). Nothing is resent blindly: the agent that
 * owns the account is asked ({@code query}); only messages it never accepted go back to the queue.
 */
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);
    private static final int BATCH = 200;

    private final Pool pool;
    private final AgentClient agents;
    private final Outcomes outcomes;
    private final String instanceId;
    private final Duration lease;
    private final Duration replyTimeout;

    public Reconciler(Pool pool, AgentClient agents, Outcomes outcomes, String instanceId, Duration lease, Duration replyTimeout) {
        this.pool = pool;
        this.agents = agents;
        this.outcomes = outcomes;
        this.instanceId = instanceId;
        this.lease = lease;
        this.replyTimeout = replyTimeout;
    }

    /** After hello: messages this instance handed to the agent's accounts, or whose lease expired, are queried. */
    public Uni<Void> afterHello(AgentConnection connection) {
        if (connection.accounts().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("""
                        SELECT id FROM message
                        WHERE status = 'sending' AND sender = ANY($1) AND (claimed_by = $2 OR lease_until < now())""")
                .execute(Tuple.of(connection.accounts().toArray(new String[0]), instanceId))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getString("id")));
                    return ids;
                })
                .chain(ids -> settle(connection, ids));
    }

    /** Takes over expired leases (so only one instance looks at each) and settles them with their agents. */
    public Uni<Void> recoverExpiredLeases() {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                        UPDATE message SET claimed_by = $1, lease_until = now() + $2 * interval '1 millisecond'
                        WHERE id IN (SELECT id FROM message WHERE status = 'sending' AND lease_until < now()
                                     ORDER BY lease_until FOR UPDATE SKIP LOCKED LIMIT $3)
                        RETURNING id, sender""")
                        .execute(Tuple.of(instanceId, (double) lease.toMillis(), BATCH)))
                .chain(rows -> {
                    Map<String, List<String>> byAccount = new HashMap<>();
                    List<String> unowned = new ArrayList<>();
                    for (Row r : rows) {
                        String sender = r.getString("sender");
                        if (sender == null) {
                            unowned.add(r.getString("id")); // claimed, never handed over: nobody can hold it
                        } else {
                            byAccount.computeIfAbsent(sender, k -> new ArrayList<>()).add(r.getString("id"));
                        }
                    }
                    Uni<Integer> requeued = outcomes.notAccepted(unowned);
                    return requeued.chain(() -> Multi.createFrom().iterable(byAccount.entrySet())
                            .onItem().transformToUniAndConcatenate(e -> agents.forAccount(e.getKey())
                                    .map(c -> settle(c, e.getValue()))
                                    .orElseGet(() -> Uni.createFrom().voidItem())) // agent away: the lease was extended
                            .collect().last()
                            .replaceWithVoid());
                });
    }

    /** Queries in batches of {@value #BATCH} ids, so a reply frame stays far below the 1 MiB frame limit. */
    private Uni<Void> settle(AgentConnection connection, List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        if (ids.size() > BATCH) {
            return settle(connection, ids.subList(0, BATCH))
                    .chain(() -> settle(connection, ids.subList(BATCH, ids.size())));
        }
        return Uni.createFrom().completionStage(() -> connection.query(ids, replyTimeout))
                .chain(reply -> {
                    if (!"ok".equals(reply.path("type").asText())) {
                        LOG.warnf("query to %s failed: %s", connection.agentId(), reply.path("data"));
                        return Uni.createFrom().voidItem();
                    }
                    List<String> held = new ArrayList<>();
                    List<Uni<Void>> changes = new ArrayList<>();
                    for (JsonNode m : reply.path("data").path("messages")) {
                        String id = m.path("messageId").asText();
                        String state = m.path("state").asText("unknown");
                        if (state.equals("accepted")) {
                            held.add(id);
                        } else {
                            changes.add(AgentEventsHandler.applyState(outcomes, id, state, m));
                        }
                    }
                    LOG.debugf("Reconciled %s messages with %s (%s still held)", (Object) ids.size(), connection.agentId(), (Object) held.size());
                    changes.add(outcomes.extendLease(held, instanceId, lease));
                    return Multi.createFrom().iterable(changes)
                            .onItem().transformToUniAndConcatenate(u -> u)
                            .collect().last()
                            .replaceWithVoid();
                });
    }
}
