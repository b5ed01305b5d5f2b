package dev.imessagegateway.agent;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one connection open to every agent endpoint, reconnecting with capped exponential backoff
 * (200 ms doubling to 30 s, with jitter).
 */
public class AgentClient implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AgentClient.class);
    private static final long FIRST_BACKOFF_MS = 200;
    private static final long MAX_BACKOFF_MS = 30_000;

    private final List<String> endpoints;
    private final AgentEvents events;
    private final String instanceId;
    private final Duration pingInterval;
    private final List<AgentConnection> connections = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService reconnects = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "agent-reconnect");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopped;

    public AgentClient(List<String> endpoints, AgentEvents events, String instanceId, Duration pingInterval) {
        this.endpoints = List.copyOf(endpoints);
        this.events = events;
        this.instanceId = instanceId;
        this.pingInterval = pingInterval;
    }

    public void start() {
        endpoints.forEach(e -> reconnects.execute(() -> connect(e, FIRST_BACKOFF_MS)));
    }

    public List<String> endpoints() {
        return endpoints;
    }

    /** Connections that have said hello and are open. */
    public List<AgentConnection> ready() {
        return connections.stream().filter(AgentConnection::isReady).toList();
    }

    /** A ready connection that can send from the account, if any. */
    public Optional<AgentConnection> forAccount(String account) {
        return connections.stream().filter(c -> c.isReady() && c.accounts().contains(account)).findFirst();
    }

    /** Frees the send slot a message holds, on whichever connection holds it. */
    public void release(String messageId) {
        for (AgentConnection c : connections) {
            if (c.release(messageId)) {
                events.onCapacity();
                return;
            }
        }
    }

    private void connect(String endpoint, long backoffMs) {
        if (stopped) {
            return;
        }
        AgentConnection[] holder = new AgentConnection[1];
        AgentConnection connection = new AgentConnection(endpoint, events, instanceId, () -> {
            connections.remove(holder[0]);
            scheduleReconnect(endpoint, FIRST_BACKOFF_MS);
        });
        holder[0] = connection;
        try {
            LineChannel channel = LineChannel.connect(endpoint);
            FramePeer peer = new FramePeer(channel, "agent[" + endpoint + "]", "g" + instanceId.hashCode() + "-",
                    connection, pingInterval);
            connection.attach(peer);
            connections.add(connection);
            peer.start();
        } catch (IOException | RuntimeException e) {
            long next = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
            LOG.debugf("Agent %s unreachable (%s); retrying in %d ms", endpoint, e.getMessage(), next);
            scheduleReconnect(endpoint, next);
        }
    }

    private void scheduleReconnect(String endpoint, long backoffMs) {
        if (stopped) {
            return;
        }
        long jittered = backoffMs / 2 + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1);
        reconnects.schedule(() -> connect(endpoint, backoffMs), jittered, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        stopped = true;
        reconnects.shutdownNow();
        connections.forEach(AgentConnection::close);
    }
}
