package dev.imessagegateway.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A request failed in a way the protocol names: becomes an {@code error} reply with this code. */
public class AgentError extends RuntimeException {

    private final String code;
    private final boolean retryable;
    private final transient ObjectNode extra;

    public AgentError(String code, String message, boolean retryable) {
        this(code, message, retryable, null);
    }

    public AgentError(String code, String message, boolean retryable, ObjectNode extra) {
        super(message, null, false, false);
        this.code = code;
        this.retryable = retryable;
        this.extra = extra;
    }

    public ObjectNode reply(String id) {
        ObjectNode frame = Frames.error(id, code, getMessage(), retryable);
        if (extra != null) {
            ((ObjectNode) frame.get("data")).setAll(extra);
        }
        return frame;
    }
}
