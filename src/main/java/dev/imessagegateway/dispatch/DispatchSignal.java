package dev.imessagegateway.dispatch;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Wakes dispatchers when messages become ready. A writing transaction issues one {@code NOTIFY} (PostgreSQL
 * delivers it only on commit, and folds repeats within one transaction), and every gateway instance
 * {@code LISTEN}s on the channel, so an idle gateway dispatches a new message at once, not at the next tick.
 */
public final class DispatchSignal {

    public static final String CHANNEL = "message_ready";

    private DispatchSignal() {
    }

    /** Issues the notification inside the caller's transaction; call it once per transaction. */
    public static Uni<Void> notifyInTransaction(Object ignored) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("NOTIFY " + CHANNEL).executeUpdate())
                .replaceWithVoid();
    }
}
