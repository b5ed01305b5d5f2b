package dev.imessagegateway.dispatch;

import dev.imessagegateway.account.AccountRegistry;
import dev.imessagegateway.agent.AgentClient;
import dev.imessagegateway.attachment.AttachmentService;
import dev.imessagegateway.common.Handles;
import dev.imessagegateway.support.Simulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two dispatchers, each with its own connection pool and its own agent connection, share one database: every
 * message reaches the agent exactly once (counted in the agent's records of send requests).
 */
@QuarkusTest
@TestProfile(TwoDispatchersTest.Profile.class)
class TwoDispatchersTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "gateway.simulator.max-in-flight", "5000",
                    "gateway.simulator.send-delay", "1ms",
                    "gateway.simulator.deliver-delay", "1ms",
                    "gateway.dispatch.max-batch", "100");
        }
    }

    private static final int MESSAGES = 3000;

    @Inject
    Pool pool;
    @Inject
    Vertx vertx;
    @Inject
    AccountRegistry accounts;
    @Inject
    Handles handles;
    @Inject
    AttachmentService attachments;
    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String url;

    @Test
    void twoInstancesHandEachMessageToTheAgentExactlyOnce() {
        var agent = Simulator.agent();
        PgConnectOptions options = PgConnectOptions.fromUri(url).setUser("postgres").setPassword("postgres");
        Pool poolB = PgPool.pool(vertx, options, new PoolOptions().setMaxSize(8));
        Outcomes outcomesB = new Outcomes(poolB, 5, Duration.ofMillis(50), Duration.ofMillis(200));
        AgentEventsHandler eventsB = new AgentEventsHandler(poolB, outcomesB, accounts, handles, attachments);
        AgentClient clientB = new AgentClient(List.of(agent.endpoint()), eventsB, "instance-B", Duration.ofSeconds(15));
        Dispatcher dispatcherB = new Dispatcher(poolB, clientB, outcomesB, new Pacer(false, 1, 1, 1), attachments, "instance-B",
                Duration.ofMinutes(2), Duration.ofSeconds(30), 100);
        Reconciler reconcilerB = new Reconciler(poolB, clientB, outcomesB, "instance-B", Duration.ofMinutes(2), Duration.ofSeconds(30));
        eventsB.wire(reconcilerB, dispatcherB::wake, clientB::release);
        clientB.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> clientB.ready().size() == 1);
            pool.query("""
                            INSERT INTO message (id, direction, status, recipient, participant, body, priority)
                            SELECT 'msg_2DISPATCH' || lpad(g::text, 6, '0'), 'sent', 'queued',
                                   '+1555' || (3000000 + g), '+1555' || (3000000 + g), 'exactly once #' || g, mod(g, 3)
                            FROM generate_series(1, %d) g""".formatted(MESSAGES))
                    .execute().await().indefinitely();
            pool.query("NOTIFY " + DispatchSignal.CHANNEL).execute().await().indefinitely();

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                dispatcherB.wake();
                return pool.query("SELECT count(*) FROM message WHERE id LIKE 'msg_2DISPATCH%' AND status = 'delivered'")
                        .execute().await().indefinitely().iterator().next().getLong(0) == MESSAGES;
            });

            Map<String, Long> byInstance = new HashMap<>();
            for (Row r : pool.query("SELECT claimed_by, count(*) FROM message WHERE id LIKE 'msg_2DISPATCH%' GROUP BY claimed_by")
                    .execute().await().indefinitely()) {
                byInstance.put(r.getString(0), r.getLong(1));
            }
            assertEquals(2, byInstance.size(), "both instances dispatched: " + byInstance);
            for (int g = 1; g <= MESSAGES; g++) {
                String id = "msg_2DISPATCH" + String.format("%06d", g);
                assertEquals(1, agent.sendRequests(id), "send requests for " + id);
                assertEquals(1, agent.handedToMessages(id), "hand-overs to Messages.app for " + id);
            }
            long attempts = pool.preparedQuery("SELECT sum(attempts) FROM message WHERE id LIKE $1")
                    .execute(Tuple.of("msg_2DISPATCH%")).await().indefinitely().iterator().next().getLong(0);
            assertEquals(MESSAGES, attempts);
            assertTrue(byInstance.values().stream().allMatch(n -> n > 0));
        } finally {
            dispatcherB.stop();
            clientB.close();
            poolB.close().await().indefinitely();
        }
    }
}
