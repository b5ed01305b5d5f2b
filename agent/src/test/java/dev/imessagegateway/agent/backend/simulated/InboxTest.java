package dev.imessagegateway.agent.backend.simulated;

import static dev.imessagegateway.agent.testing.TestGateway.type;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imessagegateway.agent.testing.RunningAgent;
import dev.imessagegateway.agent.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Incoming messages injected into the simulated backend through --inbox-dir. */
class InboxTest {
    @TempDir
    Path dir;

    @Test
    void jsonFileDroppedInTheInboxBecomesAnInboundEventAndIsDeleted() throws Exception {
        Path inbox = dir.resolve("inbox");
        try (RunningAgent a = RunningAgent.start(dir, "--inbox-dir", inbox.toString(), "--poll-interval", "20ms");
             TestGateway g = a.gateway()) {
            Path tmp = dir.resolve("m.tmp");
            Files.writeString(tmp, "{\"from\":\"+15557654321\",\"body\":\"Hello back 😀\",\"to\":\"me@icloud.com\"}");
            Files.move(tmp, inbox.resolve("001.json"));
            JsonNode in = g.await(type("inbound")).path("data");
            assertEquals("+15557654321", in.path("from").asText());
            assertEquals("Hello back 😀", in.path("body").asText());
            assertEquals("me@icloud.com", in.path("account").asText());
            assertEquals("iMessage;-;+15557654321", in.path("chat").asText());
            assertTrue(in.path("eventId").asText().startsWith("evt_"));
            assertFalse(in.path("guid").asText().isEmpty());
            await().atMost(Duration.ofSeconds(5)).until(() -> !Files.exists(inbox.resolve("001.json")));

            Files.writeString(inbox.resolve("002.json"), "{\"from\":\"alice@example.com\",\"body\":\"no to\"}");
            await().atMost(TestGateway.WAIT).until(() -> g.all(type("inbound")).size() == 2);
            assertEquals("+15551234567", g.all(type("inbound")).get(1).path("data").path("account").asText(),
                    "without \"to\" the first account receives it");
        }
    }
}
