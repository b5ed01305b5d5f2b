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
    default void inbound(ObjectNode data) {
        inbound(data, List.of());
    }

    /**
     * Journals an {@code inbound} event with files: the agent reads size and sha256 of each, lists them in the
     * event's {@code attachments} and uploads them to the gateway before each (re)send. Files that cannot be read
     * are left out (and logged). Durable on return.
     */
    void inbound(ObjectNode data, List<IncomingFile> files);

    /** A file of an incoming message: its path, the name to report (null: the path's) and its MIME type (null: probed). */
    record IncomingFile(java.nio.file.Path path, String filename, String mimeType) {
    }

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
