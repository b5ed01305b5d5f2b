package dev.imessagegateway.message;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/** Lifecycle of a message, with the names the API and the database use. */
public enum MessageStatus {
    /** Waiting to be dispatched. */
    QUEUED("queued"),
    /** Claimed and handed to a sender agent, not yet confirmed. */
    SENDING("sending"),
    SENT("sent"),
    DELIVERED("delivered"),
    READ("read"),
    /** The last attempt failed; a retry is scheduled. */
    FAILED("failed"),
    /** Gave up after the last attempt or a non-retryable error. */
    DEAD_LETTER("dead_letter"),
    CANCELLED("cancelled"),
    /** An inbound message. */
    RECEIVED("received");

    private final String wire;

    MessageStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static Optional<MessageStatus> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(value)).findFirst();
    }
}
