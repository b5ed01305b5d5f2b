package dev.imessagegateway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's connection to one agent: waits for {@code hello}, then carries {@code send}/{@code query}
 * requests and receives events. Tracks the messages it holds in flight against the agent's {@code maxInFlight}.
 */
public class AgentConnection implements FramePeer.Handler {

    private static final Logger LOG = Logger.getLogger(AgentConnection.class);

    private final String endpoint;
    private final AgentEvents events;
    private final String instanceId;
    private final Runnable onClosed;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private volatile FramePeer peer;
    private volatile boolean ready;
    private volatile String agentId;
    private volatile List<String> accounts = List.of();
    private volatile int maxInFlight = 1;
    private volatile List<String> problems = List.of();
    private volatile String backend;
    private volatile List<String> capabilities = List.of();

    public AgentConnection(String endpoint, AgentEvents events, String instanceId, Runnable onClosed) {
        this.endpoint = endpoint;
        this.events = events;
        this.instanceId = instanceId;
        this.onClosed = onClosed;
    }

    void attach(FramePeer peer) {
        this.peer = peer;
    }

    public String endpoint() {
        return endpoint;
    }

    public boolean isReady() {
        return ready && peer != null && peer.isOpen();
    }

    public String agentId() {
        return agentId;
    }

    public List<String> accounts() {
        return accounts;
    }

    public List<String> problems() {
        return problems;
    }

    public String backend() {
        return backend;
    }

    /** True when the agent announced the {@code attachments} capability. */
    public boolean handlesAttachments() {
        return capabilities.contains(Frames.CAP_ATTACHMENTS);
    }

    public int freeSlots() {
        return isReady() ? Math.max(0, maxInFlight - inFlight.size()) : 0;
    }

    /** Reserves a slot for a message about to be sent; false when none is free. */
    public boolean reserve(String messageId) {
        if (freeSlots() <= 0) {
            return false;
        }
        return inFlight.add(messageId);
    }

    /** Frees the slot of a message whose send reached an outcome (or failed); true if this connection held it. */
    public boolean release(String messageId) {
        return inFlight.remove(messageId);
    }

    /** Sends a {@code send} request; completes with the reply frame. */
    public CompletableFuture<JsonNode> send(ObjectNode data, Duration timeout) {
        return peer.request(Frames.SEND, data, timeout);
    }

    /** Sends a {@code query} for the given message ids; completes with the reply frame. */
    public CompletableFuture<JsonNode> query(List<String> messageIds, Duration timeout) {
        ObjectNode data = Frames.object();
        messageIds.forEach(data.putArray("messageIds")::add);
        return peer.request(Frames.QUERY, data, timeout);
    }

    public void close() {
        FramePeer p = peer;
        if (p != null) {
            p.close();
        }
    }

    @Override
    public CompletionStage<ObjectNode> onRequest(FramePeer from, String type, String id, JsonNode data) {
        switch (type) {
            case Frames.HELLO:
                return hello(id, data);
            case Frames.STATUS:
                return requireReady(id).orElseGet(() -> events.onStatus(this, data).thenApply(v -> Frames.ok(id, null)));
            case Frames.INBOUND:
                return requireReady(id).orElseGet(() -> events.onInbound(this, data).thenApply(v -> Frames.ok(id, null)));
            case Frames.ATTACHMENT_GET:
                return requireReady(id).orElseGet(() -> events.onAttachmentGet(this, data).thenApply(d -> Frames.ok(id, d)));
            case Frames.ATTACHMENT_PUT:
                return requireReady(id).orElseGet(() -> events.onAttachmentPut(this, data).thenApply(d -> Frames.ok(id, d)));
            default:
                return CompletableFuture.completedFuture(FramePeer.unknownType(id, type));
        }
    }

    private java.util.Optional<CompletionStage<ObjectNode>> requireReady(String id) {
        if (agentId != null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(CompletableFuture.completedFuture(
                Frames.error(id, "bad_request", "hello must come first", false)));
    }

    private CompletionStage<ObjectNode> hello(String id, JsonNode data) {
        int protocol = data.path("protocol").asInt(-1);
        if (protocol != Frames.PROTOCOL) {
            LOG.errorf("Agent at %s speaks protocol %d; this gateway speaks %d", endpoint, protocol, Frames.PROTOCOL);
            peer.write(Frames.error(id, "unsupported_protocol", "gateway speaks protocol " + Frames.PROTOCOL, false));
            CompletableFuture.delayedExecutor(100, java.util.concurrent.TimeUnit.MILLISECONDS).execute(this::close);
            return new CompletableFuture<>(); // the reply was written above
        }
        List<String> handles = new ArrayList<>();
        data.path("accounts").forEach(a -> handles.add(a.asText()));
        List<String> issues = new ArrayList<>();
        data.path("problems").forEach(p -> issues.add(p.asText()));
        List<String> caps = new ArrayList<>();
        data.path("capabilities").forEach(c -> caps.add(c.asText()));
        capabilities = List.copyOf(caps);
        agentId = data.path("agentId").asText(endpoint);
        accounts = List.copyOf(handles);
        problems = List.copyOf(issues);
        backend = data.path("backend").asText(null);
        maxInFlight = Math.max(1, data.path("maxInFlight").asInt(1));
        if (!issues.isEmpty()) {
            LOG.warnf("Agent %s reports problems: %s", agentId, issues);
        }
        ObjectNode reply = Frames.object();
        reply.put("protocol", Frames.PROTOCOL);
        reply.put("gatewayVersion", "0.1.0");
        reply.put("instanceId", instanceId);
        return events.onHello(this)
                .thenApply(v -> {
                    ready = true;
                    LOG.infof("Agent %s connected at %s: accounts %s, maxInFlight %d", agentId, endpoint, accounts, maxInFlight);
                    events.onCapacity();
                    return Frames.ok(id, reply);
                });
    }

    @Override
    public void onClose(FramePeer from) {
        if (ready) {
            LOG.infof("Agent %s at %s disconnected", agentId, endpoint);
        }
        ready = false;
        inFlight.clear();
        onClosed.run();
    }
}
