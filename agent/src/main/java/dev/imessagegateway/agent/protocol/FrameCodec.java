package dev.imessagegateway.agent.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Newline-delimited JSON codec of protocol v1 frames. */
public final class FrameCodec {
    public static final ObjectMapper JSON = new ObjectMapper();
    /** A frame is at most 1 MiB (without its terminating newline). */
    public static final int MAX_FRAME_BYTES = 1 << 20;
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private FrameCodec() {
    }

    /** Parses one line (without the newline). */
    public static Frame decode(String line) throws ProtocolException {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            Matcher m = ID.matcher(line);
            throw new ProtocolException("frame is not JSON", m.find() ? m.group(1) : null);
        }
        if (node == null || !node.isObject()) {
            throw new ProtocolException("frame is not a JSON object", null);
        }
        JsonNode idNode = node.get("id");
        String id = idNode != null && idNode.isTextual() ? idNode.asText() : null;
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual() || type.asText().isEmpty()) {
            throw new ProtocolException("frame has no type", id);
        }
        JsonNode data = node.get("data");
        if (data != null && !data.isNull() && !data.isObject()) {
            throw new ProtocolException("data must be an object", id);
        }
        return new Frame(type.asText(), id, data == null || data.isNull() ? null : (ObjectNode) data);
    }

    public static ObjectNode toTree(Frame f) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", f.type());
        if (f.id() != null) {
            n.put("id", f.id());
        }
        if (f.data() != null) {
            n.set("data", f.data());
        }
        return n;
    }

    /** Serialises a frame to one line (without the newline; JSON escapes any newline inside). */
    public static String encode(Frame f) {
        try {
            return JSON.writeValueAsString(toTree(f));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
