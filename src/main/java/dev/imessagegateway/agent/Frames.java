package dev.imessagegateway.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Encoding of protocol v1 frames (docs/agent-protocol.md): one JSON object per line,
 * {@code {type, id, data}}; replies are {@code ok}, {@code error} or {@code pong}.
 */
public final class Frames {

    public static final int PROTOCOL = 1;
    public static final int MAX_FRAME_BYTES = 1 << 20;

    public static final String OK = "ok";
    public static final String ERROR = "error";
    public static final String PONG = "pong";
    public static final String PING = "ping";
    public static final String HELLO = "hello";
    public static final String SEND = "send";
    public static final String QUERY = "query";
    public static final String STATUS = "status";
    public static final String INBOUND = "inbound";
    public static final String ATTACHMENT_GET = "attachment.get";
    public static final String ATTACHMENT_PUT = "attachment.put";
    public static final String CAP_ATTACHMENTS = "attachments";
    /** Raw bytes per attachment chunk (base64 makes a frame of about 350 KB). */
    public static final int CHUNK_BYTES = 256 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Frames() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ObjectNode request(String type, String id, ObjectNode data) {
        ObjectNode frame = NODES.objectNode();
        frame.put("type", type);
        frame.put("id", id);
        if (data != null) {
            frame.set("data", data);
        }
        return frame;
    }

    public static ObjectNode ok(String id, ObjectNode data) {
        return request(OK, id, data == null ? object() : data);
    }

    public static ObjectNode error(String id, String code, String message, boolean retryable) {
        ObjectNode data = object();
        data.put("code", code);
        data.put("message", message);
        data.put("retryable", retryable);
        return request(ERROR, id, data);
    }

    public static ObjectNode pong(String id) {
        return request(PONG, id, null);
    }

    public static boolean isReply(String type) {
        return OK.equals(type) || ERROR.equals(type) || PONG.equals(type);
    }

    /** Parses one line; throws {@link IllegalArgumentException} if it is not a JSON object with a string type. */
    public static JsonNode parse(String line) {
        try {
            JsonNode node = MAPPER.readTree(line);
            if (node == null || !node.isObject() || !node.path("type").isTextual()) {
                throw new IllegalArgumentException("frame is not a JSON object with a string 'type'");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("frame is not JSON: " + e.getOriginalMessage());
        }
    }

    /** One line of JSON, without the newline. */
    public static String encode(JsonNode frame) {
        try {
            return MAPPER.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Best effort: the id of a frame that failed to parse, to answer it with bad_request. */
    public static String idOf(String line) {
        try {
            JsonNode node = MAPPER.readTree(line);
            return node != null && node.path("id").isTextual() ? node.get("id").asText() : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
