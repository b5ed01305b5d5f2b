package dev.imessagegateway.agent.server;

import static dev.imessagegateway.agent.testing.TestGateway.status;
import static dev.imessagegateway.agent.testing.TestGateway.type;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imessagegateway.agent.testing.RunningAgent;
import dev.imessagegateway.agent.testing.TestGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events stay in the journal until a gateway acknowledges them. */
class EventJournalTest {
    @TempDir
    Path dir;

    private static List<String> eventIds(TestGateway g) {
        return g.all(f -> f.path("type").asText().equals("status") || f.path("type").asText().equals("inbound"))
                .stream().map(f -> f.path("data").path("eventId").asText()).toList();
    }

    @Test
    void unacknowledgedEventsAreResentInOrderToTheNextConnectionUntilAcked() throws Exception {
        try (RunningAgent a = RunningAgent.start(dir)) {
            List<String> first;
            try (TestGateway g1 = a.gateway()) {
                g1.send("m-1", "+15557654321", "one");
                g1.send("m-2", "+15557654321", "two");
                g1.await(status("m-2", "delivered"));
                g1.await(status("m-1", "delivered"));
                first = eventIds(g1);
                assertEquals(4, first.size());
                g1.ack(g1.await(status("m-1", "sent"))); // only one is acknowledged
                g1.sync();
            }
            List<String> expected = first.subList(1, 4);
            TestGateway g2 = a.gateway();
            await().atMost(Duration.ofSeconds(5)).until(() -> eventIds(g2).size() >= 3);
            assertEquals(expected, eventIds(g2), "same events, same order, minus the acknowledged one");
            g2.close(); // disconnects again without acking

            TestGateway g3 = a.gateway().autoAck(true);
            await().atMost(Duration.ofSeconds(5)).until(() -> eventIds(g3).size() >= 3);
            assertEquals(expected, eventIds(g3));
            g3.sync();
            g3.close();

            try (TestGateway g4 = a.gateway()) {
                g4.sync(); // the journal is replayed before the reply to this ping is queued
                assertEquals(List.of(), eventIds(g4), "acknowledged events are not resent");
            }
        }
    }

    @Test
    void unacknowledgedEventsSurviveAnAgentRestart() throws Exception {
        String eventId;
        try (RunningAgent a = RunningAgent.start(dir); TestGateway g = a.gateway()) {
            g.send("m-1", "+15557654321", "one");
            eventId = g.await(status("m-1", "delivered")).path("data").path("eventId").asText();
        }
        try (RunningAgent b = RunningAgent.start(dir); TestGateway g = b.gateway()) {
            JsonNode resent = g.await(status("m-1", "delivered"));
            assertEquals(eventId, resent.path("data").path("eventId").asText());
            assertEquals(List.of("sent", "delivered"), g.states("m-1"));
        }
    }

    @Test
    void eventsWaitForTheHelloToBeAnswered() throws Exception {
        try (RunningAgent a = RunningAgent.start(dir)) {
            try (TestGateway g = a.gateway()) {
                g.send("m-1", "+15557654321", "one");
                g.await(status("m-1", "delivered"));
            }
            try (TestGateway raw = TestGateway.connect(a.address)) {
                raw.await(type("hello"));
                raw.sync();
                assertTrue(raw.states("m-1").isEmpty(), "no event before hello is acknowledged");
                raw.acceptHello();
                raw.await(status("m-1", "delivered"));
            }
        }
    }
}
