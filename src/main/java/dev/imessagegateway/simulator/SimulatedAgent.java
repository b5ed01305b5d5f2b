package dev.imessagegateway.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imessagegateway.agent.FramePeer;
import dev.imessagegateway.agent.Frames;
import dev.imessagegateway.agent.LineChannel;
import org.jboss.logging.Logger;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * An in-process agent with a simulated Messages.app, speaking the real protocol over a real Unix domain socket.
 * It keeps a ledger (a message id is "handed to Messages.app" at most once) and an event journal (events are
 * resent until a gateway acknowledges them), like the real agent, and records every {@code send} it receives so
 * tests can prove exactly-once hand-over.
 */
public class SimulatedAgent implements Closeable {

    private static final Logger LOG = Logger.getLogger(SimulatedAgent.class);
    /** How many recent hand-overs {@link #handOverOrder()} remembers (the simulator may run for days in dev). */
    private static final int MAX_ORDER_HISTORY = 10_000;

    /** Failure rules and timings. */
    public record Settings(List<String> accounts, Duration sendDelay, Duration deliverDelay, Optional<Pattern> failPattern,
                           Optional<Pattern> flakyPattern, int flakyTimes, int maxInFlight, Optional<Path> sentLog,
                           Duration pingInterval) {
    }

    private record LedgerEntry(String state, Instant at, String guid, JsonNode error, int attempt) {
    }

    private record Event(String id, String type, ObjectNode data, FramePeer preferred) {
    }

    private final Settings settings;
    private final Path socket;
    private final ServerSocketChannel server;
    private final List<FramePeer> gateways = new CopyOnWriteArrayList<>();
    private final Map<FramePeer, Boolean> helloDone = new ConcurrentHashMap<>();
    private final Map<String, LedgerEntry> ledger = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> sendRequests = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> handedToMessages = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> flakyFailures = new ConcurrentHashMap<>();
    private final Map<String, Event> journal = new ConcurrentHashMap<>();
    private final Map<String, FramePeer> origin = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<String> handOverOrder = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, List<Path>> stagedFiles = new ConcurrentHashMap<>();
    private final AtomicLong eventIds = new AtomicLong();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "simulated-messages-app");
        t.setDaemon(true);
        return t;
    });
    private final java.util.concurrent.ExecutorService pullers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "simulated-agent-pull");
        t.setDaemon(true);
        return t;
    });
    private final List<Runnable> paused = new ArrayList<>();
    private volatile boolean holdOutcomes;
    private volatile boolean closed;
    private Writer sentLog;

    public SimulatedAgent(Settings settings, Path socket) throws IOException {
        this.settings = settings;
        this.socket = socket;
        Files.createDirectories(socket.getParent());
        Files.deleteIfExists(socket);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        if (settings.sentLog().isPresent()) {
            sentLog = Files.newBufferedWriter(settings.sentLog().get(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        Thread acceptor = new Thread(this::acceptLoop, "simulated-agent-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String endpoint() {
        return "unix:" + socket;
    }

    public List<String> accounts() {
        return settings.accounts();
    }

    // ---- what tests look at -------------------------------------------------------------------------

    /** How many {@code send} requests arrived for the message, over all connections. */
    public int sendRequests(String messageId) {
        AtomicInteger n = sendRequests.get(messageId);
        return n == null ? 0 : n.get();
    }

    /** How many times the message was handed to (simulated) Messages.app: more than once is a double send. */
    public int handedToMessages(String messageId) {
        AtomicInteger n = handedToMessages.get(messageId);
        return n == null ? 0 : n.get();
    }

    public Map<String, Integer> handOverCounts() {
        Map<String, Integer> copy = new java.util.HashMap<>();
        handedToMessages.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** The files staged for a message (pulled from the gateway and checked), empty when none. */
    public List<Path> stagedFiles(String messageId) {
        return stagedFiles.getOrDefault(messageId, List.of());
    }

    /**
     * A person sends files: each is uploaded with {@code attachment.put} (in chunks), then the {@code inbound} event
     * names them by sha256. Returns the guid.
     */
    public String inboundWithFiles(String from, String body, List<Path> files) throws Exception {
        FramePeer gateway = gateways.stream().filter(g -> g.isOpen() && helloDone.containsKey(g)).findFirst()
                .orElseThrow(() -> new IOException("no gateway connected"));
        var listed = Frames.object().arrayNode();
        for (Path file : files) {
            byte[] all = Files.readAllBytes(file);
            String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(all));
            long offset = 0;
            do {
                int n = (int) Math.min(Frames.CHUNK_BYTES, all.length - offset);
                ObjectNode put = Frames.object();
                put.put("sha256", sha);
                put.put("filename", file.getFileName().toString());
                put.put("mimeType", "application/octet-stream");
                put.put("size", all.length);
                put.put("offset", offset);
                put.put("data", java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(all, (int) offset, (int) offset + n)));
                put.put("eof", offset + n >= all.length);
                JsonNode reply = gateway.request(Frames.ATTACHMENT_PUT, put, Duration.ofSeconds(30)).get();
                if (!Frames.OK.equals(reply.path("type").asText())) {
                    throw new IOException("attachment.put: " + reply.path("data"));
                }
                offset += n;
            } while (offset < all.length);
            ObjectNode ref = listed.addObject();
            ref.put("filename", file.getFileName().toString());
            ref.put("mimeType", "application/octet-stream");
            ref.put("size", all.length);
            ref.put("sha256", sha);
        }
        String guid = UUID.randomUUID().toString().toUpperCase();
        emit(Frames.INBOUND, inboundData(guid, from, body, settings.accounts().get(0), listed), null);
        return guid;
    }

    /** Message ids in the order they were handed to (simulated) Messages.app. */
    public List<String> handOverOrder() {
        synchronized (handOverOrder) {
            return List.copyOf(handOverOrder);
        }
    }

    public int unacknowledgedEvents() {
        return journal.size();
    }

    /** While held, sends are accepted but no outcome is reported (a slow Messages.app). */
    public synchronized void holdOutcomes(boolean hold) {
        holdOutcomes = hold;
        if (!hold) {
            paused.forEach(Runnable::run);
            paused.clear();
        }
    }

    /** Drops every gateway connection (the gateway reconnects). */
    public void disconnectAll() {
        gateways.forEach(FramePeer::close);
    }

    /** A person texts one of the accounts: an {@code inbound} event with a fresh guid, which is returned. */
    public String inbound(String from, String body, String to) {
        String guid = UUID.randomUUID().toString().toUpperCase();
        emit(Frames.INBOUND, inboundData(guid, from, body, to != null ? to : settings.accounts().get(0), null), null);
        return guid;
    }

    /** Re-emits an inbound event with a known guid (to test de-duplication). */
    public void inboundWithGuid(String guid, String from, String body) {
        emit(Frames.INBOUND, inboundData(guid, from, body, settings.accounts().get(0), null), null);
    }

    private static ObjectNode inboundData(String guid, String from, String body, String account,
                                          com.fasterxml.jackson.databind.node.ArrayNode attachments) {
        ObjectNode data = Frames.object();
        data.put("guid", guid);
        data.put("from", from);
        data.put("chat", "iMessage;-;" + from);
        data.put("account", account);
        data.put("body", body);
        data.put("at", Instant.now().toString());
        if (attachments == null) {
            data.putArray("attachments");
        } else {
            data.set("attachments", attachments);
        }
        return data;
    }

    // ---- protocol -------------------------------------------------------------------------------------

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel channel = server.accept();
                FramePeer[] holder = new FramePeer[1];
                FramePeer peer = new FramePeer(new LineChannel(channel), "simulated-agent-conn", "a-",
                        new FramePeer.Handler() {
                            @Override
                            public CompletionStage<ObjectNode> onRequest(FramePeer from, String type, String id, JsonNode data) {
                                return handle(from, type, id, data);
                            }

                            @Override
                            public void onClose(FramePeer from) {
                                gateways.remove(from);
                                helloDone.remove(from);
                            }
                        }, settings.pingInterval());
                holder[0] = peer;
                gateways.add(peer);
                peer.start();
                sayHello(peer);
            } catch (IOException e) {
                if (!closed) {
                    LOG.warnf("Simulated agent: accept failed: %s", e.getMessage());
                }
            }
        }
    }

    private void sayHello(FramePeer peer) {
        ObjectNode hello = Frames.object();
        hello.put("protocol", Frames.PROTOCOL);
        hello.put("agentVersion", "simulator-0.1.0");
        hello.put("agentId", "simulator");
        settings.accounts().forEach(hello.putArray("accounts")::add);
        hello.putArray("capabilities").add("send").add("query").add(Frames.CAP_ATTACHMENTS);
        hello.put("maxInFlight", settings.maxInFlight());
        hello.put("backend", "simulated");
        hello.putArray("problems");
        peer.request(Frames.HELLO, hello, Duration.ofSeconds(30)).thenAccept(reply -> {
            if (Frames.OK.equals(reply.path("type").asText())) {
                helloDone.put(peer, true);
                journal.values().forEach(this::deliver);
            } else {
                LOG.warnf("Simulated agent: gateway refused hello: %s", reply);
                peer.close();
            }
        });
    }

    private CompletionStage<ObjectNode> handle(FramePeer from, String type, String id, JsonNode data) {
        if (type.equals(Frames.SEND) && data.path("attachments").size() > 0) {
            String messageId = data.path("messageId").asText("");
            return CompletableFuture.supplyAsync(() -> pull(from, messageId, data.path("attachments")), pullers)
                    .thenApply(files -> send(from, id, data))
                    .exceptionally(e -> Frames.error(id, "attachment_failed",
                            String.valueOf((e.getCause() == null ? e : e.getCause()).getMessage()), true));
        }
        return CompletableFuture.completedFuture(switch (type) {
            case Frames.SEND -> send(from, id, data);
            case Frames.QUERY -> query(id, data);
            default -> FramePeer.unknownType(id, type);
        });
    }

    /** Pulls a send's attachments over the connection, checks their sha256 and stages them (as the real agent does). */
    private List<Path> pull(FramePeer from, String messageId, JsonNode refs) {
        List<Path> files = new ArrayList<>();
        try {
            Path dir = Files.createDirectories(socket.getParent().resolve("staged").resolve(UUID.randomUUID().toString()));
            for (JsonNode ref : refs) {
                String attachmentId = ref.path("attachmentId").asText();
                Path file = dir.resolve(dev.imessagegateway.attachment.AttachmentFetcher.sanitize(ref.path("filename").asText(attachmentId)));
                java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
                try (var out = Files.newOutputStream(file)) {
                    long offset = 0;
                    while (true) {
                        ObjectNode get = Frames.object();
                        get.put("attachmentId", attachmentId);
                        get.put("offset", offset);
                        get.put("length", Frames.CHUNK_BYTES);
                        JsonNode reply = from.request(Frames.ATTACHMENT_GET, get, Duration.ofSeconds(30)).get();
                        if (!Frames.OK.equals(reply.path("type").asText())) {
                            throw new IOException("attachment.get " + attachmentId + ": " + reply.path("data"));
                        }
                        byte[] bytes = java.util.Base64.getDecoder().decode(reply.path("data").path("data").asText(""));
                        out.write(bytes);
                        digest.update(bytes);
                        offset += bytes.length;
                        if (reply.path("data").path("eof").asBoolean(false)) {
                            break;
                        }
                    }
                }
                String sha = java.util.HexFormat.of().formatHex(digest.digest());
                if (!sha.equals(ref.path("sha256").asText())) {
                    throw new IOException("sha256 mismatch for " + attachmentId);
                }
                files.add(file);
            }
            stagedFiles.put(messageId, List.copyOf(files));
            return files;
        } catch (Exception e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    private synchronized ObjectNode send(FramePeer from, String id, JsonNode data) {
        String messageId = data.path("messageId").asText(null);
        String to = data.path("to").asText(null);
        String account = data.path("account").asText(null);
        int attempt = data.path("attempt").asInt(1);
        if (messageId == null || to == null || account == null) {
            return Frames.error(id, "bad_request", "send needs messageId, to and account", false);
        }
        sendRequests.computeIfAbsent(messageId, k -> new AtomicInteger()).incrementAndGet();
        if (!settings.accounts().contains(account)) {
            return Frames.error(id, "unknown_account", "this agent cannot send from " + account, false);
        }
        LedgerEntry known = ledger.get(messageId);
        if (known != null && !(known.state().equals("failed") && attempt > known.attempt())) {
            ObjectNode reply = Frames.object();
            reply.put("messageId", messageId);
            reply.put("state", known.state());
            reply.put("duplicate", true);
            if (known.at() != null) {
                reply.put("at", known.at().toString());
            }
            if (known.guid() != null) {
                reply.put("guid", known.guid());
            }
            if (known.error() != null) {
                reply.set("error", known.error());
            }
            return Frames.ok(id, reply);
        }
        if (inFlight.get() >= settings.maxInFlight()) {
            return Frames.error(id, "busy", inFlight.get() + " messages in flight", true);
        }
        inFlight.incrementAndGet();
        ledger.put(messageId, new LedgerEntry("accepted", null, null, null, attempt));
        origin.put(messageId, from);
        handedToMessages.computeIfAbsent(messageId, k -> new AtomicInteger()).incrementAndGet();
        handOverOrder.add(messageId);
        if (handOverOrder.size() > MAX_ORDER_HISTORY) {
            handOverOrder.subList(0, handOverOrder.size() - MAX_ORDER_HISTORY).clear();
        }
        logSent(messageId, account, to, data.path("body").asText(""));
        timers.schedule(() -> outcome(messageId, to, attempt), settings.sendDelay().toNanos(), TimeUnit.NANOSECONDS);
        ObjectNode reply = Frames.object();
        reply.put("messageId", messageId);
        reply.put("state", "accepted");
        return Frames.ok(id, reply);
    }

    private void outcome(String messageId, String to, int attempt) {
        synchronized (this) {
            if (holdOutcomes) {
                paused.add(() -> timers.execute(() -> outcome(messageId, to, attempt)));
                return;
            }
        }
        inFlight.decrementAndGet();
        Instant now = Instant.now();
        String failure = failureFor(messageId, to);
        if (failure != null) {
            boolean retryable = failure.equals("flaky");
            ObjectNode error = Frames.object();
            error.put("code", "simulated_failure");
            error.put("message", retryable ? "simulated temporary failure" : "simulated permanent failure");
            error.put("retryable", retryable);
            ledger.put(messageId, new LedgerEntry("failed", now, null, error, attempt));
            ObjectNode data = status(messageId, "failed", now, null);
            data.set("error", error);
            emit(Frames.STATUS, data, origin.remove(messageId));
            return;
        }
        String guid = UUID.randomUUID().toString().toUpperCase();
        ledger.put(messageId, new LedgerEntry("sent", now, guid, null, attempt));
        emit(Frames.STATUS, status(messageId, "sent", now, guid), origin.get(messageId));
        timers.schedule(() -> {
            Instant at = Instant.now();
            ledger.put(messageId, new LedgerEntry("delivered", at, guid, null, attempt));
            emit(Frames.STATUS, status(messageId, "delivered", at, guid), origin.remove(messageId));
        }, settings.deliverDelay().toNanos(), TimeUnit.NANOSECONDS);
    }

    private String failureFor(String messageId, String to) {
        if (settings.failPattern().map(p -> p.matcher(to).matches()).orElse(false)) {
            return "permanent";
        }
        if (settings.flakyPattern().map(p -> p.matcher(to).matches()).orElse(false)) {
            int failures = flakyFailures.computeIfAbsent(messageId, k -> new AtomicInteger()).incrementAndGet();
            if (failures <= settings.flakyTimes()) {
                return "flaky";
            }
            flakyFailures.remove(messageId);
        }
        return null;
    }

    private ObjectNode query(String id, JsonNode data) {
        ObjectNode reply = Frames.object();
        var messages = reply.putArray("messages");
        for (JsonNode idNode : data.path("messageIds")) {
            String messageId = idNode.asText();
            LedgerEntry known = ledger.get(messageId);
            ObjectNode m = messages.addObject();
            m.put("messageId", messageId);
            m.put("state", known == null ? "unknown" : known.state());
            if (known != null && known.at() != null) {
                m.put("at", known.at().toString());
            }
            if (known != null && known.guid() != null) {
                m.put("guid", known.guid());
            }
            if (known != null && known.error() != null) {
                m.set("error", known.error());
            }
        }
        return Frames.ok(id, reply);
    }

    private static ObjectNode status(String messageId, String state, Instant at, String guid) {
        ObjectNode data = Frames.object();
        data.put("messageId", messageId);
        data.put("state", state);
        data.put("at", at.toString());
        if (guid != null) {
            data.put("guid", guid);
        }
        return data;
    }

    private void emit(String type, ObjectNode data, FramePeer preferred) {
        String eventId = "evt_" + eventIds.incrementAndGet();
        data.put("eventId", eventId);
        Event event = new Event(eventId, type, data, preferred);
        journal.put(eventId, event);
        deliver(event);
    }

    /** Sends an event to its preferred connection if open, else to any ready one; it stays journaled until acked. */
    private void deliver(Event event) {
        FramePeer target = event.preferred() != null && event.preferred().isOpen() && helloDone.containsKey(event.preferred())
                ? event.preferred()
                : gateways.stream().filter(g -> g.isOpen() && helloDone.containsKey(g)).findFirst().orElse(null);
        if (target == null) {
            return; // resent when a gateway says hello back
        }
        target.request(event.type(), event.data(), Duration.ofSeconds(30)).whenComplete((reply, failure) -> {
            if (failure == null && Frames.OK.equals(reply.path("type").asText())) {
                journal.remove(event.id());
            } else if (!closed && journal.containsKey(event.id())) {
                timers.schedule(() -> deliver(event), 250, TimeUnit.MILLISECONDS);
            }
        });
    }

    private synchronized void logSent(String messageId, String account, String to, String body) {
        if (sentLog == null) {
            return;
        }
        ObjectNode line = Frames.object();
        line.put("messageId", messageId);
        line.put("account", account);
        line.put("to", to);
        line.put("body", body);
        line.put("at", Instant.now().toString());
        try {
            sentLog.write(Frames.encode(line));
            sentLog.write('\n');
            sentLog.flush();
        } catch (IOException e) {
            LOG.warnf("Simulated agent: writing the sent log failed: %s", e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        gateways.forEach(FramePeer::close);
        timers.shutdownNow();
        pullers.shutdownNow();
        try {
            Files.deleteIfExists(socket);
            if (sentLog != null) {
                sentLog.close();
            }
        } catch (IOException ignored) {
            // best effort
        }
    }
}
