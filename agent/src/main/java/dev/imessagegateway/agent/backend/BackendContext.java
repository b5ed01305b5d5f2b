package dev.imessagegateway.agent.backend;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imessagegateway.agent.ledger.Ledger;
import dev.imessagegateway.agent.ledger.MessageState;
import dev.imessagegateway.agent.protocol.ErrorInfo;
import java.time.Instant;
import java.util.List;

/** What the agent offers its backend: event reporting and a little durable state. */
public interface BackendContext {
    /** Reports a new state of an accepted message (ignored when it would not move the message forward). */
    void status(String messageId, MessageState state, Instant at, String guid, Long chatRowId, ErrorInfo error);

    /** Journals an {@code inbound} event (data without eventId); durable on return. */
    void inbound(ObjectNode data);

    String getState(String key);

    void putState(String key, String value);

    /** Ledger entries in the given states (to resume following chat.db rows after a restart). */
    List<Ledger.Entry> ledgerEntries(MessageState... states);

    List<Long> matchedRowIds();

    /** The agent's accounts (from options or discovery); the first is the default. */
    List<String> accounts();

    /** Adds a set-up problem shown in later {@code hello}s. */
    void problem(String problem);
}
