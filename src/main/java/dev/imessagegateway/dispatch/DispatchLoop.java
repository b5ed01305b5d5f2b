package dev.imessagegateway.dispatch;

import dev.imessagegateway.agent.AgentClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Drives the dispatcher: a scheduled tick, a PostgreSQL {@code LISTEN} that wakes it as soon as any instance
 * commits new ready messages, and the periodic lease recovery.
 */
@Singleton
public class DispatchLoop {

    private static final Logger LOG = Logger.getLogger(DispatchLoop.class);

    private final Dispatcher dispatcher;
    private final Reconciler reconciler;
    private final AgentClient agents;
    private final AgentEventsHandler events;
    private final Vertx vertx;
    private PgSubscriber subscriber;

    public DispatchLoop(Dispatcher dispatcher, Reconciler reconciler, AgentClient agents, AgentEventsHandler events, Vertx vertx) {
        this.dispatcher = dispatcher;
        this.reconciler = reconciler;
        this.agents = agents;
        this.events = events;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event,
               @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
               @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
               @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        events.wire(reconciler, dispatcher::wake, agents::release);
        listen(url, user, password);
        agents.start();
    }

    void stop(@Observes ShutdownEvent event) {
        dispatcher.stop();
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }

    @Scheduled(every = "${gateway.dispatch.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        dispatcher.wake();
        return Uni.createFrom().voidItem();
    }

    @Scheduled(every = "${gateway.dispatch.recovery-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> recoverLeases() {
        return reconciler.recoverExpiredLeases()
                .onFailure().invoke(e -> LOG.warnf("Lease recovery failed: %s", e.toString()))
                .onFailure().recoverWithNull();
    }

    private void listen(String url, Optional<String> user, Optional<String> password) {
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 500L);
        subscriber.channel(DispatchSignal.CHANNEL).handler(payload -> dispatcher.wake());
        subscriber.connect().subscribe().with(
                ok -> LOG.debugf("Listening on %s", DispatchSignal.CHANNEL),
                e -> LOG.warnf("LISTEN %s failed (%s): dispatch falls back to the scheduled tick", DispatchSignal.CHANNEL, e.toString()));
    }
}
