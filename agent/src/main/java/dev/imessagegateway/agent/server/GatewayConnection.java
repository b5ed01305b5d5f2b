package dev.imessagegateway.agent.server;

import dev.imessagegateway.agent.protocol.Frame;
import dev.imessagegateway.agent.protocol.FrameCodec;
import dev.imessagegateway.agent.protocol.LineReader;
import dev.imessagegateway.agent.protocol.ProtocolException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** One accepted gateway connection: a reader thread, a writer thread (outbound queue) and a pinger. */
final class GatewayConnection {
    private static final Frame CLOSE = new Frame("close", null, null);

    final int number;
    final String helloId;
    private final SocketChannel channel;
    private final Agent agent;
    private final LinkedBlockingQueue<Frame> outbound = new LinkedBlockingQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger unansweredPings = new AtomicInteger();
    private final AtomicLong pingSeq = new AtomicLong();
    private final AtomicLong requestSeq = new AtomicLong();
    private final Map<String, CompletableFuture<Frame>> pendingRequests = new ConcurrentHashMap<>();
    private volatile boolean ready;
    private volatile ScheduledFuture<?> pinger;

    GatewayConnection(int number, SocketChannel channel, Agent agent) {
        this.number = number;
        this.channel = channel;
        this.agent = agent;
        this.helloId = "h-" + number;
    }

    void start(Frame hello) {
        enqueue(hello);
        Thread writer = new Thread(this::writeLoop, "gateway-" + number + "-writer");
        Thread reader = new Thread(this::readLoop, "gateway-" + number + "-reader");
        writer.setDaemon(true);
        reader.setDaemon(true);
        writer.start();
        reader.start();
        long ms = agent.config().pingInterval().toMillis();
        pinger = agent.scheduler().scheduleAtFixedRate(this::pingTick, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Ready once the gateway answered {@code hello} with {@code ok}: events flow only then. */
    boolean isReady() {
        return ready && !closed.get();
    }

    void markReady() {
        ready = true;
    }

    boolean isClosed() {
        return closed.get();
    }

    void enqueue(Frame f) {
        if (!closed.get()) {
            outbound.add(f);
        }
    }

    /**
     * Sends a request of the agent ({@code attachment.get}, {@code attachment.put}) with id {@code a-<n>}; the future
     * completes with the gateway's {@code ok} or {@code error} reply, or exceptionally when the connection closes.
     */
    CompletableFuture<Frame> request(String type, ObjectNode data) {
        String id = "a-" + requestSeq.incrementAndGet();
        CompletableFuture<Frame> reply = new CompletableFuture<>();
        pendingRequests.put(id, reply);
        if (closed.get()) {
            pendingRequests.remove(id);
            reply.completeExceptionally(new IOException("connection " + number + " closed"));
            return reply;
        }
        enqueue(Frame.request(type, id, data));
        return reply;
    }

    /** {@link #request} and wait for the reply at most {@code timeout}; the request is forgotten when it times out. */
    Frame call(String type, ObjectNode data, java.time.Duration timeout) throws IOException {
        CompletableFuture<Frame> f = request(type, data);
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            pendingRequests.values().remove(f);
            throw new IOException("no reply to " + type + " within " + timeout.toSeconds() + " s on connection " + number);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pendingRequests.values().remove(f);
            throw new IOException("interrupted", e);
        }
    }

    /** Completes the agent's request this reply answers; false when it answers none of them. */
    boolean completeRequest(Frame reply) {
        CompletableFuture<Frame> f = reply.id() == null ? null : pendingRequests.remove(reply.id());
        if (f == null) {
            return false;
        }
        f.complete(reply);
        return true;
    }

    void pongReceived() {
        unansweredPings.set(0);
    }

    private void pingTick() {
        if (unansweredPings.get() >= 2) {
            agent.log("gateway connection " + number + ": no pong to two pings, closing");
            close();
            return;
        }
        unansweredPings.incrementAndGet();
        enqueue(Frame.ping("p-" + pingSeq.incrementAndGet()));
    }

    private void readLoop() {
        LineReader reader = new LineReader(channel);
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                Frame frame;
                try {
                    frame = FrameCodec.decode(line);
                } catch (ProtocolException e) {
                    if (e.requestId() != null) {
                        enqueue(Frame.error(e.requestId(), dev.imessagegateway.agent.protocol.ErrorCode.BAD_REQUEST, e.getMessage()));
                    }
                    continue;
                }
                agent.onFrame(this, frame);
            }
        } catch (LineReader.FrameTooLongException e) {
            agent.log("gateway connection " + number + ": " + e.getMessage() + ", closing");
        } catch (IOException e) {
            // connection gone
        } catch (RuntimeException e) {
            agent.log("gateway connection " + number + ": " + e);
        } finally {
            close();
        }
    }

    private void writeLoop() {
        try {
            while (true) {
                Frame f = outbound.take();
                if (f == CLOSE) {
                    return;
                }
                ByteBuffer buf = ByteBuffer.wrap((FrameCodec.encode(f) + "\n").getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
            }
        } catch (IOException | InterruptedException e) {
            close();
        }
    }

    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (pinger != null) {
            pinger.cancel(false);
        }
        outbound.clear();
        outbound.add(CLOSE);
        IOException gone = new IOException("connection " + number + " closed");
        pendingRequests.values().forEach(f -> f.completeExceptionally(gone));
        pendingRequests.clear();
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        agent.onClosed(this);
    }
}
