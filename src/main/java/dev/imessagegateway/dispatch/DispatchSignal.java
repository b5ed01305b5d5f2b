package dev.imessagegateway.dispatch;

import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wakes dispatchers after a commit made messages ready: this instance's dispatcher at once, in-process, and every
 * other instance through one PostgreSQL {@code NOTIFY}, issued outside the writing transaction and coalesced (while
 * one is in flight, further signals fold into a single follow-up). A NOTIFY inside the writing transaction would
 * take PostgreSQL's global notify lock at every commit and serialise all enqueues.
 */
@Singleton
public class DispatchSignal {

    private static final Logger LOG = Logger.getLogger(DispatchSignal.class);
    public static final String CHANNEL = "message_ready";

    private final Dispatcher dispatcher;
    private final Pool pool;
    private final AtomicBoolean notifying = new AtomicBoolean();
    private final AtomicBoolean pending = new AtomicBoolean();

    public DispatchSignal(Dispatcher dispatcher, Pool pool) {
        this.dispatcher = dispatcher;
        this.pool = pool;
    }

    /** Call after the commit that made messages ready. */
    public void committed() {
        dispatcher.wake();
        pending.set(true);
        notifyOthers();
    }

    private void notifyOthers() {
        if (!pending.get() || !notifying.compareAndSet(false, true)) {
            return;
        }
        pending.set(false);
        pool.query("NOTIFY " + CHANNEL).execute().subscribe().with(
                ok -> done(),
                e -> {
                    LOG.debugf("NOTIFY failed (%s); other instances fall back to their tick", e.toString());
                    done();
                });
    }

    private void done() {
        notifying.set(false);
        notifyOthers();
    }
}
