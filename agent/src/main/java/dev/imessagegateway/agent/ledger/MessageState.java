package dev.imessagegateway.agent.ledger;

import java.util.Locale;

/** What the agent knows about a message id; the order is the order of progress (failed is final). */
public enum MessageState {
    UNKNOWN, ACCEPTED, SENT, DELIVERED, READ, FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MessageState parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    /** Whether a message in this state may move to {@code next} (never backwards; failed only before delivery). */
    public boolean canMoveTo(MessageState next) {
        if (this == FAILED || next == UNKNOWN || next == ACCEPTED) {
            return false;
        }
        if (next == FAILED) {
            return this == ACCEPTED || this == SENT;
        }
        return next.ordinal() > ordinal();
    }

    /** sent and failed end a hand-over: the message no longer counts against maxInFlight. */
    public boolean isOutcome() {
        return this != UNKNOWN && this != ACCEPTED;
    }
}
