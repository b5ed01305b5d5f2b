package dev.imessagegateway.dispatch;

import dev.imessagegateway.support.Api;
import dev.imessagegateway.support.Simulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;

import static dev.imessagegateway.support.Api.api;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@TestProfile(LeaseExpiryTest.Profile.class)
class LeaseExpiryTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.dispatch.lease", "1s");
        }
    }

    @Inject
    Pool pool;

    private OffsetDateTime leaseUntil(String id) {
        return pool.preparedQuery("SELECT lease_until FROM message WHERE id = $1").execute(Tuple.of(id))
                .await().indefinitely().iterator().next().getOffsetDateTime("lease_until");
    }

    @Test
    void expiredLeaseOnAMessageTheAgentHoldsIsExtendedNotResent() {
        var agent = Simulator.agent();
        agent.holdOutcomes(true);
        try {
            String id = Api.send(Map.of("to", Api.uniquePhone(), "body", "slow Messages.app"));
            await().atMost(Duration.ofSeconds(10)).until(() -> agent.sendRequests(id) == 1);
            OffsetDateTime first = leaseUntil(id);
            // Recovery runs every second; a lease of 1 s expires, the agent answers 'accepted', the lease is renewed.
            await().atMost(Duration.ofSeconds(15)).until(() -> leaseUntil(id).isAfter(first.plusSeconds(1)));
            await().atMost(Duration.ofSeconds(15)).until(() -> leaseUntil(id).isAfter(first.plusSeconds(3)));
            api().get("/api/v1/messages/" + id + "/status").then().body("status", equalTo("sending")).body("attempts", equalTo(1));
            assertEquals(1, agent.sendRequests(id), "no second send while the agent holds the message");
            agent.holdOutcomes(false);
            Simulator.awaitStatus(id, "delivered");
            assertEquals(1, agent.handedToMessages(id));
        } finally {
            agent.holdOutcomes(false);
        }
    }

    @Test
    void expiredLeaseOnAMessageTheAgentNeverAcceptedIsRequeuedAndSentOnce() {
        // A message a crashed instance claimed and handed over (attempt counted) but the agent never got.
        String id = "msg_" + dev.imessagegateway.common.Ids.ulid();
        pool.preparedQuery("""
                        INSERT INTO message (id, direction, status, recipient, participant, body, attempts, sender,
                                             claimed_by, lease_until)
                        VALUES ($1, 'sent', 'sending', '+15550000042', '+15550000042', 'orphan', 1, '+15550001111',
                                'crashed-instance', now() - interval '1 second')""")
                .execute(Tuple.of(id)).await().indefinitely();
        Map<String, Object> m = Simulator.awaitStatus(id, "delivered");
        assertEquals(1, m.get("attempts"), "the lost hand-over is not counted; the real one is");
        assertEquals(1, Simulator.agent().handedToMessages(id));
    }
}
