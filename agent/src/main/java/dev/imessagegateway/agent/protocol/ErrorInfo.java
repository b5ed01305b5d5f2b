package dev.imessagegateway.agent.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The {@code {code, message, retryable}} object of error replies and failed status events. */
public record ErrorInfo(String code, String message, boolean retryable) {

    public static ErrorInfo of(ErrorCode code, String message) {
        return new ErrorInfo(code.wire(), message, code.retryable());
    }

    public ObjectNode toJson() {
        ObjectNode n = FrameCodec.JSON.createObjectNode();
        n.put("code", code).put("message", message).put("retryable", retryable);
        return n;
    }

    public static ErrorInfo fromJson(ObjectNode n) {
        return new ErrorInfo(n.path("code").asText("internal"), n.path("message").asText(""), n.path("retryable").asBoolean(false));
    }
}
