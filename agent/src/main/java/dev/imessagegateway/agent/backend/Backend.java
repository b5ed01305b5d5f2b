package dev.imessagegateway.agent.backend;

import java.util.List;

/** Where messages go: the simulated backend, or Messages.app through osascript and chat.db. */
public interface Backend extends AutoCloseable {
    /** {@code messages-app} or {@code simulated}, as announced in {@code hello}. */
    String name();

    /** Accounts found without being told (best effort; empty when unknown). Called before {@link #start}. */
    List<String> discoverAccounts();

    /** Set-up problems found at start-up (Full Disk Access, Automation), human readable. Called before {@link #start}. */
    List<String> problems();

    void start(BackendContext context);

    /**
     * Hands one message to Messages.app; blocks until handed over. Called one message at a time per account.
     * Throws when the hand-over failed.
     */
    void handOver(OutgoingMessage message) throws SendFailure;

    /** After a successful hand-over was logged: report {@code sent} (and later states) through the context. */
    void confirm(OutgoingMessage message);

    @Override
    void close();
}
