package dev.imessagegateway.dispatch;

import dev.imessagegateway.support.Api;
import dev.imessagegateway.support.Simulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.imessagegateway.support.Api.api;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@TestProfile(RetryAndDeadLetterTest.Profile.class)
class RetryAndDeadLetterTest {

    /** +1555111xxxx fails for good; +1555222xxxx fails retryably 4 times per message; 3 attempts per round. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "gateway.simulator.fail-pattern", "\\+1555111\\d{4}",
                    "gateway.simulator.flaky-pattern", "\\+1555222\\d{4}",
                    "gateway.simulator.flaky-times", "4",
                    "gateway.dispatch.max-attempts", "3");
        }
    }

    @Test
    void nonRetryableErrorGoesStraightToDeadLetter() {
        String id = Api.send(Map.of("to", "+15551110001", "body", "doomed"));
        Map<String, Object> m = Simulator.awaitStatus(id, "dead_letter");
        assertEquals(1, m.get("attempts"));
        api().get("/api/v1/messages/" + id + "/status")
                .then().body("lastError", containsString("simulated_failure"));
        api().get("/api/v1/messages/queue/stats").then().statusCode(200);
    }

    @Test
    void retryableErrorsBackOffThenDeadLetterThenManualRetrySucceeds() {
        String id = Api.send(Map.of("to", "+15552220001", "body", "flaky"));
        Map<String, Object> dead = Simulator.awaitStatus(id, "dead_letter");
        assertEquals(3, dead.get("attempts"), "three hand-overs, then gave up");
        assertNotNull(dead.get("lastError"));
        assertEquals(3, Simulator.agent().sendRequests(id));

        api().post("/api/v1/messages/" + id + "/retry")
                .then().statusCode(200).body("status", equalTo("queued")).body("lastError", equalTo(null));
        // Failures 4 (attempt 4) and then success at attempt 5: flaky-times is 4.
        Map<String, Object> delivered = Simulator.awaitStatus(id, "delivered");
        assertEquals(5, delivered.get("attempts"));
        assertEquals(5, Simulator.agent().sendRequests(id));
    }

    @Inject
    Outcomes outcomes;

    @Inject
    Pool pool;

    /** A message as the dispatcher leaves it after handing it over {@code attempts} times. */
    private String sendingMessage(int attempts) {
        String id = "msg_" + dev.imessagegateway.common.Ids.ulid();
        pool.preparedQuery("""
                        INSERT INTO message (id, direction, status, recipient, participant, body, attempts, sender)
                        VALUES ($1, 'sent', 'sending', '+15550000001', '+15550000001', 'x', $2, '+15550001111')""")
                .execute(Tuple.of(id, attempts)).await().indefinitely();
        return id;
    }

    private Row row(String id) {
        return pool.preparedQuery("""
                        SELECT status, last_error, extract(epoch FROM next_attempt_at - now()) * 1000 AS wait_ms
                        FROM message WHERE id = $1""")
                .execute(Tuple.of(id)).await().indefinitely().iterator().next();
    }

    @Test
    void retryableFailureSchedulesExponentialBackoffWithJitterUntilTheLastAttempt() {
        // Test profile: backoff base 50 ms, cap 200 ms, 3 attempts. After attempt 2: 50 * 2^1 = 100 ms x 0.5..1.5.
        String second = sendingMessage(2);
        assertTrue(outcomes.failed(second, "timeout: no answer", true).await().indefinitely());
        Row afterSecond = row(second);
        assertEquals("failed", afterSecond.getString("status"));
        assertEquals("timeout: no answer", afterSecond.getString("last_error"));
        double wait = afterSecond.getNumeric("wait_ms").doubleValue();
        assertTrue(wait > 40 && wait <= 150, "attempt 2 waits 100 ms x 0.5..1.5, got " + wait);
        // A second report of the same failure changes nothing: the message is no longer 'sending'.
        assertFalse(outcomes.failed(second, "again", true).await().indefinitely());

        // After the third (last) attempt a retryable error still ends in the dead letter state.
        String third = sendingMessage(3);
        assertTrue(outcomes.failed(third, "timeout: no answer", true).await().indefinitely());
        assertEquals("dead_letter", row(third).getString("status"));
    }

    @Test
    void deadLetteredMessagesCannotBeCancelled() {
        String id = Api.send(Map.of("to", "+15552220002", "body", "flaky again"));
        Simulator.awaitStatus(id, "dead_letter");
        api().delete("/api/v1/messages/" + id).then().statusCode(409);
    }
}
