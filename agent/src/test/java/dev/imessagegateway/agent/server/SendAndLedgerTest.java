package dev.imessagegateway.agent.server;

import static dev.imessagegateway.agent.testing.TestGateway.status;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imessagegateway.agent.testing.RunningAgent;
import dev.imessagegateway.agent.testing.TestGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** send / query over a real Unix socket against the simulated backend. */
class SendAndLedgerTest {
    @TempDir
    Path dir;

    @Test
    void acceptedSendIsLoggedThenReportedSentThenDelivered() throws Exception {
        try (RunningAgent a = RunningAgent.start(dir); TestGateway g = a.gateway()) {
            JsonNode ok = g.send("m-1", "+15557654321", "hello");
            assertEquals("accepted", ok.path("data").path("state").asText());
            g.await(status("m-1", "delivered"));
            assertEquals(List.of("sent", "delivered"), g.states("m-1"));
            assertEquals(List.of("m-1"), a.sentIds());
            JsonNode sent = g.await(status("m-1", "sent"));
            assertTrue(sent.path("data").path("at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        }
    }

    @Test
    void repeatedSendOfAKnownMessageIdIsADuplicateAndNeverSentAgain() throws Exception {
        try (RunningAgent a = RunningAgent.start(dir); TestGateway g = a.gateway()) {
            g.send("m-1", "+15557654321", "hello");
            g.await(status("m-1", "delivered"));
            JsonNode again = g.send("m-1", "+15557654321", "hello", 2, "+15551234567");
            assertTrue(again.path("data").path("duplicate").asBoolean());
            assertEquals("delivered", again.path("data").path("state").asText());
            g.sync();
            assertEquals(List.of("m-1"), a.sentIds());
        }
    }

    @Test
    void ledgerPreventsASecondSendAfterTheAgentRestarts() throws Exception {
        try (RunningAgent a = RunningAgent.start(dir); TestGateway g = a.gateway().autoAck(true)) {
            g.send("m-1", "+15557654321", "hello");
            g.await(status("m-1", "delivered"));
        }
        try (RunningAgent b = RunningAgent.start(dir); TestGateway g = b.gateway()) {
            JsonNode again = g.send("m-1", "+15557654321", "hello");
            assertTrue(again.path("data").path("duplicate").asBoolean());
            assertEquals("delivered", again.path("data").path("state").asText());
            JsonNode q = g.request("query", TestGateway.JSON.createObjectNode().set("messageIds",
                    TestGateway.JSON.createArrayNode().add("m-1").add("never")));
            assertEquals("delivered", q.path("data").path("messages").get(0).path("state").asText());
            assertEquals("unknown", q.path("data").path("messages").get(1).path("state").asText());
            g.sync();
            assertEquals(List.of("m-1"), b.sentIds());
        }
    }

    @Test
    void failedMessageIsSentAgainOnlyForAHigherAttempt() throws Exception {
        try (RunningAgent a = RunningAgent.start(dir, "--flaky-pattern", "^\\+1555999", "--flaky-times", "1");
             TestGateway g = a.gateway()) {
            g.send("m-1", "+15559990000", "hi");
            JsonNode failed = g.await(status("m-1", "failed"));
            assertEquals("simulated_failure", failed.path("data").path("error").path("code").asText());
            assertTrue(failed.path("data").path("error").path("retryable").asBoolean());

            JsonNode sameAttempt = g.send("m-1", "+15559990000", "hi", 1, "+15551234567");
            assertEquals("failed", sameAttempt.path("data").path("state").asText());
            assertTrue(sameAttempt.path("data").path("duplicate").asBoolean());
            assertEquals("simulated_failure", sameAttempt.path("data").path("error").path("code").asText());

            JsonNode retry = g.send("m-1", "+15559990000", "hi", 2, "+15551234567");
            assertEquals("accepted", retry.path("data").path("state").asText());
            assertFalse(retry.path("data").has("duplicate"));
            g.await(status("m-1", "delivered"));
            assertEquals(List.of("m-1"), a.sentIds(), "the failed attempt never reached Messages");
        }
    }

    @Test
    void failPatternFailsForGoodAndOtherRecipientsStillGoOut() throws Exception {
        try (RunningAgent a = RunningAgent.start(dir, "--fail-pattern", "666$"); TestGateway g = a.gateway()) {
            g.send("bad", "+15550000666", "x");
            g.send("good", "+15550000667", "x");
            JsonNode failed = g.await(status("bad", "failed"));
            assertEquals("simulated_failure", failed.path("data").path("error").path("code").asText());
            assertFalse(failed.path("data").path("error").path("retryable").asBoolean());
            g.await(status("good", "delivered"));
            assertEquals(List.of("good"), a.sentIds());
        }
    }

    @Test
    void malformedSendsAndUnknownAccountsAreRefused() throws Exception {
        try (RunningAgent a = RunningAgent.start(dir); TestGateway g = a.gateway()) {
            ObjectNode noTo = TestGateway.JSON.createObjectNode().put("messageId", "m-1").put("body", "x");
            assertEquals("bad_request", g.request("send", noTo).path("data").path("code").asText());
            JsonNode unknown = g.send("m-2", "+15557654321", "x", 1, "+15550000000");
            assertEquals("unknown_account", unknown.path("data").path("code").asText());
            assertFalse(unknown.path("data").path("retryable").asBoolean());
            JsonNode emailCase = g.send("m-3", "+15557654321", "x", 1, "ME@icloud.com");
            assertEquals("ok", emailCase.path("type").asText(), "accounts compare case-insensitively");
            assertEquals("bad_request", g.request("query", TestGateway.JSON.createObjectNode()).path("data").path("code").asText());
            g.sync();
            assertFalse(a.sentIds().contains("m-2"));
        }
    }

    @Test
    void severalConnectionsSendingTheSameMessagesNeverDoubleSend() throws Exception {
        try (RunningAgent a = RunningAgent.start(dir, "--max-in-flight", "1000")) {
            List<TestGateway> gateways = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                gateways.add(a.gateway().autoAck(true));
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<List<String>>> results = new ArrayList<>();
            for (TestGateway g : gateways) {
                results.add(pool.submit(() -> {
                    List<String> states = new ArrayList<>();
                    for (int m = 0; m < 25; m++) {
                        states.add(g.send("msg-" + m, "+15557654321", "body " + m).path("type").asText());
                    }
                    return states;
                }));
            }
            for (Future<List<String>> r : results) {
                assertEquals(Collections.nCopies(25, "ok"), r.get());
            }
            pool.shutdown();
            await().atMost(Duration.ofSeconds(10)).until(() -> a.sentIds().size() >= 25);
            gateways.get(0).sync();
            List<String> sent = a.sentIds();
            assertEquals(25, sent.size(), "each message handed over exactly once: " + sent);
            assertEquals(25, new HashSet<>(sent).size());
            for (TestGateway g : gateways) {
                g.close();
            }
        }
    }
}
