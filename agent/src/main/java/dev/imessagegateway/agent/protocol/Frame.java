package dev.imessagegateway.agent.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One protocol frame: {@code type}, optional {@code id}, optional {@code data} object.
 * Requests have id and data, {@code ok}/{@code error} replies the id of the request, {@code ping}/{@code pong} no data.
 */
public record Frame(String type, String id, ObjectNode data) {
    public static final String OK = "ok", ERROR = "error", PING = "ping", PONG = "pong";

    public static Frame request(String type, String id, ObjectNode data) {
        return new Frame(type, id, data);
    }

    public static Frame ok(String id, ObjectNode data) {
        return new Frame(OK, id, data == null ? FrameCodec.JSON.createObjectNode() : data);
    }

    public static Frame error(String id, ErrorInfo error) {
        return new Frame(ERROR, id, error.toJson());
    }

    public static Frame error(String id, ErrorCode code, String message) {
        return error(id, ErrorInfo.of(code, message));
    }

    public static Frame ping(String id) {
        return new Frame(PING, id, null);
    }

    public static Frame pong(String id) {
        return new Frame(PONG, id, null);
    }

    public boolean isReply() {
        return OK.equals(type) || ERROR.equals(type) || PONG.equals(type);
    }

    public String text(String field) {
        if (data == null || !data.hasNonNull(field) || !data.get(field).isTextual()) {
            return null;
        }
        return data.get(field).asText();
    }
}
