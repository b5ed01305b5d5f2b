package dev.imessagegateway.agent.protocol;

/** A frame that cannot be understood. {@link #requestId()} is the id to answer with {@code bad_request}, or null. */
public class ProtocolException extends Exception {
    private final String requestId;

    public ProtocolException(String message, String requestId) {
        super(message);
        this.requestId = requestId;
    }

    public String requestId() {
        return requestId;
    }
}
