package dev.imessagegateway.agent.protocol;

import static dev.imessagegateway.agent.testing.TestGateway.status;
import static dev.imessagegateway.agent.testing.TestGateway.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imessagegateway.agent.testing.RunningAgent;
import dev.imessagegateway.agent.testing.Shapes;
import dev.imessagegateway.agent.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared test vectors of protocol v1 (../src/test/resources/agent-protocol/frames-v1.jsonl). */
class ProtocolVectorsTest {
    static List<String> lines;
    static final Map<String, JsonNode> byKey = new HashMap<>();

    @BeforeAll
    static void readVectors() throws Exception {
        lines = Files.readAllLines(Shapes.vectorsFile()).stream().filter(l -> !l.isBlank()).toList();
        for (String l : lines) {
            JsonNode n = TestGateway.JSON.readTree(l);
            byKey.put(n.get("type").asText() + ":" + n.path("id").asText(), n);
        }
    }

    @Test
    void everyVectorParsesAndReserialisesToAnEqualJsonTree() throws Exception {
        assertTrue(lines.size() >= 18, "expected the full vector file, got " + lines.size() + " lines");
        for (String line : lines) {
            Frame f = FrameCodec.decode(line);
            String again = FrameCodec.encode(f);
            assertEquals(TestGateway.JSON.readTree(line), TestGateway.JSON.readTree(again), line);
            assertTrue(!again.contains("\n"), "a frame never contains a raw newline");
            assertEquals(f, FrameCodec.decode(again));
        }
    }

    @Test
    void agentProducesFramesOfTheVectorShapes(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("inbox"));
        try (RunningAgent a = RunningAgent.start(dir, "--inbox-dir", dir.resolve("inbox").toString());
             TestGateway g = TestGateway.connect(a.address)) {
            JsonNode hello = g.acceptHello();
            assertEquals(Shapes.shape(byKey.get("hello:h1")), Shapes.shape(hello));
            assertEquals(List.of("+15551234567", "me@icloud.com"),
                    TestGateway.JSON.convertValue(hello.path("data").path("accounts"), List.class));

            g.sendRaw(lines.get(2)); // the vector send (hostile body)
            JsonNode ok = g.reply("s-1");
            assertEquals(byKey.get("ok:s-1"), ok, "ok to send is exactly the vector");

            JsonNode sent = g.await(status("msg_01JDZ0000000000000000000", "sent"));
            assertTrue(Shapes.covers(sent, byKey.get("status:e-1")), sent.toString());
            JsonNode delivered = g.await(status("msg_01JDZ0000000000000000000", "delivered"));
            assertTrue(Shapes.covers(delivered, byKey.get("status:e-2")), delivered.toString());

            g.sendRaw(lines.get(2).replace("\"s-1\"", "\"s-2\""));
            JsonNode dup = g.reply("s-2");
            assertTrue(Shapes.covers(dup, byKey.get("ok:s-2")), dup.toString());
            assertEquals("delivered", dup.path("data").path("state").asText());
            assertTrue(dup.path("data").path("duplicate").asBoolean());

            g.sendRaw(byKey.get("send:s-1").toString().replace("\"s-1\"", "\"s-3\"").replace("+15551234567", "+15550000000"));
            assertEquals(byKey.get("error:s-3"), g.reply("s-3"));

            g.sendRaw(byKey.get("query:q-1").toString());
            JsonNode q = g.reply("q-1");
            assertTrue(Shapes.covers(q, byKey.get("ok:q-1")), q.toString());
            assertEquals("unknown", q.path("data").path("messages").get(1).path("state").asText());

            g.sendRaw(byKey.get("ping:p-1").toString());
            assertEquals(byKey.get("pong:p-1"), g.reply("p-1"));

            g.sendRaw(byKey.get("frobnicate:x-1").toString());
            assertEquals(byKey.get("error:x-1"), g.reply("x-1"));

            Files.writeString(dir.resolve("inbox/m1.json"), "{\"from\":\"+15557654321\",\"body\":\"Hello back\"}");
            JsonNode inbound = g.await(type("inbound"));
            assertEquals(Shapes.shape(byKey.get("inbound:e-4")), Shapes.shape(inbound));
            assertEquals(Shapes.shape(byKey.get("ok:e-4")), Shapes.shape(TestGateway.JSON.readTree("{\"type\":\"ok\",\"id\":\"e-9\",\"data\":{}}")));
        }
    }

    @Test
    void busyErrorHasTheVectorShape(@TempDir Path dir) throws Exception {
        try (RunningAgent a = RunningAgent.start(dir, "--max-in-flight", "1", "--send-delay", "3s");
             TestGateway g = a.gateway()) {
            assertEquals("ok", g.send("m1", "+15557654321", "one").path("type").asText());
            JsonNode busy = g.send("m2", "+15557654321", "two");
            assertEquals(Shapes.shape(byKey.get("error:s-4")), Shapes.shape(busy));
            assertEquals("busy", busy.path("data").path("code").asText());
            assertTrue(busy.path("data").path("retryable").asBoolean());
            assertEquals("1 messages in flight", busy.path("data").path("message").asText());
        }
    }
}
