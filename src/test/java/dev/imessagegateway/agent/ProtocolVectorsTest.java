package dev.imessagegateway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway's codec against the shared example frames that the agent's tests also use. */
class ProtocolVectorsTest {

    private static List<String> vectors() throws IOException {
        try (InputStream in = ProtocolVectorsTest.class.getResourceAsStream("/agent-protocol/frames-v1.jsonl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private static Map<String, JsonNode> byId() throws IOException {
        return vectors().stream().map(Frames::parse)
                .collect(Collectors.toMap(f -> f.path("type").asText() + "/" + f.path("id").asText(), f -> f, (a, b) -> a));
    }

    @Test
    void everyVectorParsesAndReEncodesToTheSameTree() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        for (String line : vectors()) {
            JsonNode frame = Frames.parse(line);
            assertEquals(mapper.readTree(line), mapper.readTree(Frames.encode(frame)), line);
            assertTrue(frame.path("type").isTextual());
            if (!Frames.isReply(frame.path("type").asText()) || !frame.path("type").asText().equals(Frames.PONG)) {
                assertTrue(frame.path("id").isTextual(), "every frame here has an id: " + line);
            }
        }
    }

    @Test
    void gatewayBuiltFramesEqualTheVectors() throws IOException {
        Map<String, JsonNode> v = byId();
        assertEquals(v.get("pong/p-1"), Frames.pong("p-1"));
        assertEquals(v.get("error/x-1"), FramePeer.unknownType("x-1", "frobnicate"));
        assertEquals(v.get("error/s-3"), Frames.error("s-3", "unknown_account", "this agent cannot send from +15550000000", false));
        ObjectNode extra = Frames.object();
        extra.put("expected", 262144);
        assertEquals(v.get("error/a-3"), new AgentError("bad_offset", "expected offset 262144", true, extra).reply("a-3"));
        ObjectNode helloReply = Frames.object();
        helloReply.put("protocol", Frames.PROTOCOL);
        helloReply.put("gatewayVersion", "0.1.0");
        helloReply.put("instanceId", "gw-1");
        assertEquals(v.get("ok/h1"), Frames.ok("h1", helloReply));
        assertEquals(v.get("ok/e-4"), Frames.ok("e-4", null));
    }

    @Test
    void sendAndQueryRequestsHaveTheVectorShape() throws IOException {
        Map<String, JsonNode> v = byId();
        JsonNode send = v.get("send/s-1").path("data");
        for (String field : List.of("messageId", "to", "body", "account", "attempt", "attachments")) {
            assertTrue(send.has(field), "send has " + field);
        }
        assertTrue(v.get("query/q-1").path("data").path("messageIds").isArray());
        assertEquals(Frames.ATTACHMENT_GET, v.get("attachment.get/a-1").path("type").asText());
        assertEquals(Frames.ATTACHMENT_PUT, v.get("attachment.put/a-2").path("type").asText());
    }
}
