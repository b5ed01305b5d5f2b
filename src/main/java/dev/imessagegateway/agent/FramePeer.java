package dev.imessagegateway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jboss.logging.Logger;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One end of a protocol connection, used by the gateway (towards an agent) and by the simulated agent
 * (towards a gateway): a reader thread, a writer thread with a queue, request/reply matching by id, and pings
 * (every {@code pingInterval}; two unanswered pings close the connection). Every request it receives gets
 * exactly one reply, {@code unknown_type} included.
 */
public class FramePeer implements Closeable {

    private static final Logger LOG = Logger.getLogger(FramePeer.class);
    private static final ScheduledExecutorService TIMERS = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "agent-protocol-timers");
        t.setDaemon(true);
        return t;
    });
    private static final ObjectNode POISON = Frames.object();

    /** Handles the requests the other side sends. */
    public interface Handler {
        /** The reply (ok or error frame) to a request; a failed stage becomes an {@code internal} error reply. */
        CompletionStage<ObjectNode> onRequest(FramePeer peer, String type, String id, JsonNode data);

        /** Called once when the connection closes, for whatever reason. */
        default void onClose(FramePeer peer) {
        }
    }

    private final LineChannel channel;
    private final String name;
    private final String idPrefix;
    private final Handler handler;
    private final Duration pingInterval;
    private final BlockingQueue<ObjectNode> outbox = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private final AtomicInteger unansweredPings = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private ScheduledFuture<?> pinger;

    public FramePeer(LineChannel channel, String name, String idPrefix, Handler handler, Duration pingInterval) {
        this.channel = channel;
        this.name = name;
        this.idPrefix = idPrefix;
        this.handler = handler;
        this.pingInterval = pingInterval;
    }

    public FramePeer start() {
        Thread reader = new Thread(this::readLoop, name + "-reader");
        reader.setDaemon(true);
        reader.start();
        Thread writer = new Thread(this::writeLoop, name + "-writer");
        writer.setDaemon(true);
        writer.start();
        long ms = pingInterval.toMillis();
        pinger = TIMERS.scheduleAtFixedRate(this::ping, ms, ms, TimeUnit.MILLISECONDS);
        return this;
    }

    public String name() {
        return name;
    }

    public boolean isOpen() {
        return !closed.get();
    }

    /** Sends a request and completes with the reply frame ({@code ok}, {@code error} or {@code pong}). */
    public CompletableFuture<JsonNode> request(String type, ObjectNode data, Duration timeout) {
        String id = idPrefix + nextId.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        if (closed.get()) {
            reply.completeExceptionally(new IOException("connection " + name + " is closed"));
            return reply;
        }
        pending.put(id, reply);
        ScheduledFuture<?> timer = TIMERS.schedule(
                () -> reply.completeExceptionally(new TimeoutException(type + " " + id + " got no reply in " + timeout)),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        reply.whenComplete((r, e) -> {
            pending.remove(id);
            timer.cancel(false);
        });
        write(Frames.request(type, id, data));
        return reply;
    }

    /** Queues a frame for writing (replies, or requests whose reply nobody waits for). */
    public void write(ObjectNode frame) {
        if (!closed.get()) {
            outbox.add(frame);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (pinger != null) {
            pinger.cancel(false);
        }
        outbox.add(POISON);
        channel.close();
        IOException gone = new IOException("connection " + name + " closed");
        pending.values().forEach(f -> f.completeExceptionally(gone));
        try {
            handler.onClose(this);
        } catch (RuntimeException e) {
            LOG.warnf(e, "%s: close handler failed", name);
        }
    }

    private void ping() {
        if (unansweredPings.getAndIncrement() >= 2) {
            LOG.warnf("%s: two pings without pong, closing", name);
            close();
            return;
        }
        request(Frames.PING, null, pingInterval.multipliedBy(3))
                .thenAccept(pong -> unansweredPings.set(0))
                .exceptionally(e -> null);
    }

    private void readLoop() {
        try {
            String line;
            while ((line = channel.readLine()) != null) {
                if (!line.isBlank()) {
                    dispatch(line);
                }
            }
        } catch (IOException e) {
            if (!closed.get()) {
                LOG.debugf("%s: read failed: %s", name, e.getMessage());
            }
        } finally {
            close();
        }
    }

    private void dispatch(String line) {
        JsonNode frame;
        try {
            frame = Frames.parse(line);
        } catch (IllegalArgumentException e) {
            String id = Frames.idOf(line);
            if (id != null) {
                write(Frames.error(id, "bad_request", e.getMessage(), false));
            } else {
                LOG.warnf("%s: dropped a malformed frame: %s", name, e.getMessage());
            }
            return;
        }
        String type = frame.get("type").asText();
        String id = frame.path("id").isTextual() ? frame.get("id").asText() : null;
        if (Frames.isReply(type)) {
            CompletableFuture<JsonNode> waiting = id == null ? null : pending.get(id);
            if (waiting != null) {
                waiting.complete(frame);
            }
            return;
        }
        if (id == null) {
            LOG.warnf("%s: dropped a %s request without id", name, type);
            return;
        }
        if (Frames.PING.equals(type)) {
            write(Frames.pong(id));
            return;
        }
        CompletionStage<ObjectNode> reply;
        try {
            reply = handler.onRequest(this, type, id, frame.path("data"));
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((ok, failure) -> {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof AgentError known) {
                write(known.reply(id));
            } else if (cause != null) {
                LOG.warnf(cause, "%s: handling %s %s failed", name, type, id);
                write(Frames.error(id, "internal", String.valueOf(cause.getMessage()), true));
            } else {
                write(ok);
            }
        });
    }

    private void writeLoop() {
        try {
            while (true) {
                ObjectNode frame = outbox.take();
                if (frame == POISON) {
                    return;
                }
                channel.writeLine(Frames.encode(frame));
            }
        } catch (IOException e) {
            close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static ObjectNode unknownType(String id, String type) {
        return Frames.error(id, "unknown_type", "unknown request type " + type, false);
    }
}
