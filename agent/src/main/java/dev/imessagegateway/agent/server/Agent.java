package dev.imessagegateway.agent.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imessagegateway.agent.attachments.AttachmentException;
import dev.imessagegateway.agent.attachments.AttachmentPuller;
import dev.imessagegateway.agent.attachments.AttachmentRef;
import dev.imessagegateway.agent.attachments.AttachmentUploader;
import dev.imessagegateway.agent.attachments.InboundFile;
import dev.imessagegateway.agent.attachments.Requester;
import dev.imessagegateway.agent.attachments.StagedAttachment;
import dev.imessagegateway.agent.attachments.StagingSweeper;
import dev.imessagegateway.agent.backend.Backend;
import dev.imessagegateway.agent.backend.BackendContext;
import dev.imessagegateway.agent.backend.OutgoingMessage;
import dev.imessagegateway.agent.backend.SendFailure;
import dev.imessagegateway.agent.journal.EventJournal;
import dev.imessagegateway.agent.journal.EventJournal.Event;
import dev.imessagegateway.agent.ledger.Ledger;
import dev.imessagegateway.agent.ledger.MessageState;
import dev.imessagegateway.agent.ledger.Times;
import dev.imessagegateway.agent.protocol.ErrorCode;
import dev.imessagegateway.agent.protocol.ErrorInfo;
import dev.imessagegateway.agent.protocol.Frame;
import dev.imessagegateway.agent.protocol.FrameCodec;
import dev.imessagegateway.agent.state.StateDb;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sender agent: listens for gateway connections, speaks protocol v1, keeps the ledger and the event journal,
 * and hands accepted messages to its backend one at a time per account.
 */
public final class Agent implements BackendContext, AutoCloseable {
    public static final String VERSION = "0.1.0";
    public static final int PROTOCOL = 1;

    private final AgentConfig config;
    private final Backend backend;
    private final Object lock = new Object(); // ledger decisions, journal appends and event dispatch
    private final List<String> accounts = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<GatewayConnection> connections = new CopyOnWriteArrayList<>();
    private final Map<Long, GatewayConnection> eventAssignment = new ConcurrentHashMap<>();
    private final Map<String, GatewayConnection> messageOwner = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, ExecutorService> accountQueues = new ConcurrentHashMap<>();
    private final AtomicInteger connectionNumbers = new AtomicInteger();
    private final AtomicInteger pulling = new AtomicInteger(); // sends whose attachments are being pulled
    /** Pulls of outbound attachments (bounded by maxInFlight) and uploads of inbound ones; never the reader threads. */
    private final ExecutorService transfers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "agent-transfer");
        t.setDaemon(true);
        return t;
    });
    static final Duration TRANSFER_REPLY_TIMEOUT = Duration.ofSeconds(30);
    private AttachmentPuller puller;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "agent-scheduler");
        t.setDaemon(true);
        return t;
    });
    private StateDb stateDb;
    private Ledger ledger;
    private EventJournal journal;
    private SentLog sentLog;
    private ServerSocketChannel server;
    private SocketAddress boundAddress;
    private volatile boolean closing;

    public Agent(AgentConfig config, Backend backend) {
        this.config = config;
        this.backend = backend;
    }

    // ---------------------------------------------------------------- lifecycle

    /** Opens the state, starts the backend and listens; returns the bound address. */
    public SocketAddress start() throws IOException {
        try {
            stateDb = new StateDb(config.stateDir());
        } catch (SQLException e) {
            throw new IOException("cannot open state in " + config.stateDir() + ": " + e.getMessage(), e);
        }
        ledger = new Ledger(stateDb);
        journal = new EventJournal(stateDb);
        if (config.sentLog() != null) {
            sentLog = new SentLog(config.sentLog());
        }
        puller = new AttachmentPuller(config.attachmentsDir());
        long sweepMs = Math.max(1000, Math.min(Duration.ofHours(1).toMillis(), config.attachmentsRetention().toMillis() / 2));
        scheduler.scheduleWithFixedDelay(() -> StagingSweeper.sweep(config.attachmentsDir(), config.attachmentsRetention()),
                0, sweepMs, TimeUnit.MILLISECONDS);
        for (String a : config.accounts()) {
            addAccount(a);
        }
        if (accounts.isEmpty()) {
            backend.discoverAccounts().forEach(this::addAccount);
        }
        for (String p : backend.problems()) {
            problem(p);
        }
        backend.start(this);
        server = bind(config.endpoint());
        boundAddress = server.getLocalAddress();
        Thread acceptor = new Thread(this::acceptLoop, "agent-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return boundAddress;
    }

    /** The line printed on stdout once listening: {@code listening unix:/path} or {@code listening tcp:127.0.0.1:PORT}. */
    public String listeningLine() {
        if (boundAddress instanceof UnixDomainSocketAddress u) {
            return "listening unix:" + u.getPath();
        }
        InetSocketAddress i = (InetSocketAddress) boundAddress;
        return "listening tcp:" + i.getAddress().getHostAddress() + ":" + i.getPort();
    }

    private ServerSocketChannel bind(Endpoint endpoint) throws IOException {
        if (!endpoint.isUnix()) {
            ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.INET);
            ch.bind(endpoint.address());
            return ch;
        }
        Path path = endpoint.socketPath().toAbsolutePath();
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        if (Files.exists(path)) {
            // a live agent answers on it; a socket file left by a killed agent refuses connections and is replaced
            try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                throw new IOException("another agent is already listening on " + path);
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("another agent")) {
                    throw e;
                }
                Files.delete(path);
            }
        }
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ch.bind(UnixDomainSocketAddress.of(path));
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // best effort
        }
        return ch;
    }

    private void acceptLoop() {
        while (!closing) {
            try {
                SocketChannel ch = server.accept();
                GatewayConnection c = new GatewayConnection(connectionNumbers.incrementAndGet(), ch, this);
                connections.add(c);
                c.start(hello(c));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closing) {
                    log("accept failed: " + e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        if (config.endpoint().isUnix()) {
            try {
                Files.deleteIfExists(config.endpoint().socketPath());
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        for (GatewayConnection c : connections) {
            c.close();
        }
        accountQueues.values().forEach(ExecutorService::shutdownNow);
        for (ExecutorService e : accountQueues.values()) {
            try {
                e.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
        scheduler.shutdownNow();
        transfers.shutdownNow();
        backend.close();
        synchronized (lock) {
            if (stateDb != null) {
                stateDb.close();
            }
            try {
                if (sentLog != null) {
                    sentLog.close();
                }
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    AgentConfig config() {
        return config;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    void log(String message) {
        System.err.println("imessage-agent: " + message);
    }

    public List<String> problemsList() {
        return List.copyOf(problems);
    }

    // ---------------------------------------------------------------- frames

    Frame hello(GatewayConnection c) {
        ObjectNode d = FrameCodec.JSON.createObjectNode();
        d.put("protocol", PROTOCOL).put("agentVersion", VERSION).put("agentId", config.agentId());
        ArrayNode acc = d.putArray("accounts");
        accounts.forEach(acc::add);
        d.putArray("capabilities").add("send").add("query").add("attachments");
        d.put("maxInFlight", config.maxInFlight()).put("backend", backend.name());
        ArrayNode pr = d.putArray("problems");
        problems.forEach(pr::add);
        return Frame.request("hello", c.helloId, d);
    }

    void onFrame(GatewayConnection c, Frame f) {
        switch (f.type()) {
            case Frame.PING -> {
                if (f.id() != null) {
                    c.enqueue(Frame.pong(f.id()));
                }
            }
            case Frame.PONG -> c.pongReceived();
            case Frame.OK, Frame.ERROR -> {
                if (!c.completeRequest(f)) { // else: the reply to one of the agent's attachment requests
                    onReply(c, f);
                }
            }
            default -> {
                if (f.id() == null) {
                    return; // a request without id cannot be answered
                }
                Frame reply;
                try {
                    reply = switch (f.type()) {
                        case "send" -> handleSend(c, f);
                        case "query" -> handleQuery(f);
                        default -> Frame.error(f.id(), ErrorCode.UNKNOWN_TYPE, "unknown request type " + f.type());
                    };
                } catch (RuntimeException e) {
                    log("handling " + f.type() + " " + f.id() + ": " + e);
                    reply = Frame.error(f.id(), ErrorCode.INTERNAL, "agent error: " + e.getMessage());
                }
                if (reply != null) { // null: answered later (a send whose attachments are being pulled)
                    c.enqueue(reply);
                }
            }
        }
    }

    private void onReply(GatewayConnection c, Frame f) {
        if (c.helloId.equals(f.id())) {
            if (Frame.OK.equals(f.type())) {
                synchronized (lock) {
                    c.markReady();
                    for (Event e : journal.pending()) {
                        GatewayConnection holder = eventAssignment.get(e.seq());
                        if (holder == null || !holder.isReady()) {
                            sendEvent(e, c);
                        }
                    }
                }
            } else {
                log("gateway refused hello: " + f.data() + "; closing connection " + c.number);
                c.close();
            }
            return;
        }
        long seq = Event.seqOf(f.id());
        if (seq < 0) {
            return;
        }
        if (Frame.OK.equals(f.type())) {
            synchronized (lock) {
                journal.ack(seq);
                eventAssignment.remove(seq);
            }
            return;
        }
        boolean retryable = f.data() != null && f.data().path("retryable").asBoolean(false);
        if (retryable) {
            synchronized (lock) {
                eventAssignment.remove(seq);
            }
            // attachment_missing: the files are uploaded again as part of the resend, which can start right away
            boolean missing = ErrorCode.ATTACHMENT_MISSING.wire().equals(f.data().path("code").asText());
            scheduler.schedule(() -> redispatch(seq), missing ? 100 : 1000, TimeUnit.MILLISECONDS);
        } else {
            log("gateway rejected event " + f.id() + " for good: " + f.data() + "; dropping it");
            synchronized (lock) {
                journal.ack(seq);
                eventAssignment.remove(seq);
            }
        }
    }

    private void redispatch(long seq) {
        synchronized (lock) {
            if (eventAssignment.containsKey(seq)) {
                return;
            }
            for (Event e : journal.pending()) {
                if (e.seq() == seq) {
                    publish(e);
                }
            }
        }
    }

    void onClosed(GatewayConnection c) {
        connections.remove(c);
        if (closing) {
            return;
        }
        synchronized (lock) {
            messageOwner.values().removeIf(owner -> owner == c);
            for (Event e : journal.pending()) {
                if (eventAssignment.get(e.seq()) == c) {
                    eventAssignment.remove(e.seq());
                    publish(e);
                }
            }
        }
    }

    /** Sends an event to the connection that sent its message, else to any ready connection. Caller holds lock. */
    private void publish(Event e) {
        GatewayConnection target = e.messageId() == null ? null : messageOwner.get(e.messageId());
        if (target == null || !target.isReady()) {
            target = connections.stream().filter(GatewayConnection::isReady).findFirst().orElse(null);
        }
        if (target != null) {
            sendEvent(e, target);
        }
    }

    /**
     * Assigns an event to a connection and sends it there. An event with files first uploads them (on a transfer
     * thread) and is sent only when they are all at the gateway. Caller holds lock.
     */
    private void sendEvent(Event e, GatewayConnection target) {
        eventAssignment.put(e.seq(), target);
        if (!e.hasFiles()) {
            target.enqueue(e.toFrame());
            return;
        }
        transfers.execute(() -> uploadThenSend(e, target));
    }

    private void uploadThenSend(Event e, GatewayConnection target) {
        Requester requester = (type, data) -> target.call(type, data, TRANSFER_REPLY_TIMEOUT);
        ArrayNode listed = FrameCodec.JSON.createArrayNode();
        try {
            for (InboundFile file : e.files()) {
                if (eventAssignment.get(e.seq()) != target || target.isClosed()) {
                    return; // reassigned meanwhile (the other connection uploads)
                }
                try {
                    AttachmentUploader.upload(file, requester);
                    listed.add(file.toEventJson());
                } catch (AttachmentUploader.LocalFileException ex) {
                    log("inbound event " + e.eventId() + ": leaving out " + file.filename() + ": " + ex.getMessage());
                }
            }
        } catch (AttachmentException | IOException ex) {
            if (target.isClosed()) {
                return; // onClosed hands the event to another connection
            }
            log("inbound event " + e.eventId() + ": upload failed (" + ex.getMessage() + "); trying again in 5 s");
            synchronized (lock) {
                eventAssignment.remove(e.seq(), target);
            }
            scheduler.schedule(() -> redispatch(e.seq()), 5, TimeUnit.SECONDS);
            return;
        } catch (RuntimeException ex) {
            log("inbound event " + e.eventId() + ": upload failed: " + ex);
            synchronized (lock) {
                eventAssignment.remove(e.seq(), target);
            }
            scheduler.schedule(() -> redispatch(e.seq()), 5, TimeUnit.SECONDS);
            return;
        }
        Frame frame = e.toFrame();
        frame.data().set("attachments", listed);
        synchronized (lock) {
            if (eventAssignment.get(e.seq()) == target) {
                target.enqueue(frame);
            }
        }
    }

    // ---------------------------------------------------------------- send / query

    private Frame handleSend(GatewayConnection c, Frame f) {
        ObjectNode d = f.data();
        String messageId = f.text("messageId");
        String to = f.text("to");
        if (d == null || messageId == null || messageId.isBlank() || to == null || to.isBlank()) {
            return Frame.error(f.id(), ErrorCode.BAD_REQUEST, "send needs data.messageId and data.to");
        }
        JsonNode bodyNode = d.get("body");
        if (bodyNode != null && !bodyNode.isNull() && !bodyNode.isTextual()) {
            return Frame.error(f.id(), ErrorCode.BAD_REQUEST, "data.body must be a string");
        }
        String body = bodyNode == null || bodyNode.isNull() ? "" : bodyNode.asText();
        JsonNode attemptNode = d.get("attempt");
        if (attemptNode != null && !attemptNode.isNull() && !attemptNode.canConvertToInt()) {
            return Frame.error(f.id(), ErrorCode.BAD_REQUEST, "data.attempt must be an integer");
        }
        int attempt = attemptNode == null || attemptNode.isNull() ? 1 : attemptNode.asInt();
        List<String> attachments = new ArrayList<>();
        List<AttachmentRef> refs = new ArrayList<>();
        JsonNode att = d.get("attachments");
        if (att != null && !att.isNull()) {
            if (!att.isArray()) {
                return Frame.error(f.id(), ErrorCode.BAD_REQUEST, "data.attachments must be an array");
            }
            for (JsonNode a : att) {
                if (AttachmentRef.isRef(a)) {
                    try {
                        refs.add(AttachmentRef.fromJson(a));
                    } catch (IllegalArgumentException e) {
                        return Frame.error(f.id(), ErrorCode.BAD_REQUEST, e.getMessage());
                    }
                    continue;
                }
                // legacy (before the capability): a local file path, as a string or {"path"}
                String path = a.isTextual() ? a.asText() : a.path("path").asText(null);
                if (path == null) {
                    return Frame.error(f.id(), ErrorCode.BAD_REQUEST,
                            "an attachment must be {attachmentId, filename, mimeType, size, sha256}");
                }
                attachments.add(path);
            }
        }
        if (body.isEmpty() && attachments.isEmpty() && refs.isEmpty()) {
            return Frame.error(f.id(), ErrorCode.BAD_REQUEST, "send needs a body or attachments");
        }
        String account = f.text("account");
        if (account == null || account.isBlank()) {
            account = accounts.isEmpty() ? "" : accounts.get(0);
        } else {
            Optional<String> known = accounts.stream().filter(account::equalsIgnoreCase).findFirst();
            if (known.isEmpty() && !accounts.isEmpty()) {
                return Frame.error(f.id(), ErrorCode.UNKNOWN_ACCOUNT, "this agent cannot send from " + account);
            }
            account = known.orElse(normaliseAccount(account));
        }
        OutgoingMessage m = new OutgoingMessage(messageId, account, to, body, attempt, List.copyOf(attachments));
        if (refs.isEmpty()) {
            return accept(c, f.id(), m, false);
        }
        synchronized (lock) {
            Frame early = duplicateOrBusy(f.id(), m, 0); // nothing to pull for a duplicate; no pull when busy
            if (early != null) {
                return early;
            }
            pulling.incrementAndGet(); // holds an in-flight slot while pulling
        }
        String requestId = f.id();
        try {
            transfers.execute(() -> {
                Frame reply;
                try {
                    reply = pullThenAccept(c, requestId, m, refs);
                } catch (RuntimeException e) {
                    log("handling send " + requestId + ": " + e);
                    reply = Frame.error(requestId, ErrorCode.INTERNAL, "agent error: " + e.getMessage());
                }
                c.enqueue(reply);
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pulling.decrementAndGet();
            return Frame.error(f.id(), ErrorCode.INTERNAL, "agent stopping");
        }
        return null; // answered when the files are staged (or could not be)
    }

    /** Pulls the files of a send, then accepts it (or not). On a transfer thread. */
    private Frame pullThenAccept(GatewayConnection c, String requestId, OutgoingMessage m, List<AttachmentRef> refs) {
        List<StagedAttachment> staged;
        try {
            staged = puller.pullAll(refs, (type, data) -> c.call(type, data, TRANSFER_REPLY_TIMEOUT));
        } catch (AttachmentException e) {
            pulling.decrementAndGet();
            log("send " + requestId + " (" + m.messageId() + "): " + e.getMessage());
            return Frame.error(requestId, ErrorCode.ATTACHMENT_FAILED, e.getMessage());
        }
        List<String> paths = new ArrayList<>();
        staged.forEach(s -> paths.add(s.path().toString()));
        paths.addAll(m.attachments());
        OutgoingMessage withFiles = new OutgoingMessage(m.messageId(), m.account(), m.to(), m.body(), m.attempt(),
                List.copyOf(paths), List.copyOf(staged));
        Frame reply = accept(c, requestId, withFiles, true);
        if (!Frame.OK.equals(reply.type()) || reply.data().path("duplicate").asBoolean(false)) {
            AttachmentPuller.discard(staged); // not handed over by this send
        }
        return reply;
    }

    /** A duplicate reply, a busy error, or null when the send can be accepted. Caller holds lock. */
    private Frame duplicateOrBusy(String requestId, OutgoingMessage m, int ownSlots) {
        Optional<Ledger.Entry> known = ledger.get(m.messageId());
        if (known.isPresent() && !(known.get().state() == MessageState.FAILED && m.attempt() > known.get().attempt())) {
            ObjectNode reply = known.get().toJson();
            reply.put("duplicate", true);
            return Frame.ok(requestId, reply);
        }
        int held = inFlight.size() + pulling.get() - ownSlots;
        if (held >= config.maxInFlight()) {
            return Frame.error(requestId, ErrorCode.BUSY, held + " messages in flight");
        }
        return null;
    }

    /** Records the message in the ledger (durable) and queues its hand-over; or answers duplicate / busy. */
    private Frame accept(GatewayConnection c, String requestId, OutgoingMessage m, boolean releasePullSlot) {
        String messageId = m.messageId();
        synchronized (lock) {
            try {
                Frame early = duplicateOrBusy(requestId, m, releasePullSlot ? 1 : 0);
                if (early != null) {
                    return early;
                }
                ledger.accept(messageId, m.account(), m.to(), m.attempt()); // durable before the hand-over
                inFlight.add(messageId);
                messageOwner.put(messageId, c);
            } finally {
                if (releasePullSlot) {
                    pulling.decrementAndGet();
                }
            }
        }
        String account = m.account();
        accountQueues.computeIfAbsent(account.toLowerCase(Locale.ROOT), k -> Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "send-" + k);
            t.setDaemon(true);
            return t;
        })).execute(() -> deliver(m));
        return Frame.ok(requestId, FrameCodec.JSON.createObjectNode().put("messageId", messageId).put("state", "accepted"));
    }

    private void deliver(OutgoingMessage m) {
        if (closing) {
            return; // stays "accepted" in the ledger: never handed over twice
        }
        try {
            backend.handOver(m);
        } catch (SendFailure e) {
            status(m.messageId(), MessageState.FAILED, Instant.now(), null, null, e.error());
            return;
        } catch (RuntimeException e) {
            log("hand-over of " + m.messageId() + " failed: " + e);
            status(m.messageId(), MessageState.FAILED, Instant.now(), null, null,
                    ErrorInfo.of(ErrorCode.INTERNAL, "agent error: " + e.getMessage()));
            return;
        }
        if (sentLog != null) {
            try {
                sentLog.append(m);
            } catch (IOException e) {
                log("cannot write sent log: " + e.getMessage());
            }
        }
        backend.confirm(m);
    }

    private Frame handleQuery(Frame f) {
        JsonNode ids = f.data() == null ? null : f.data().get("messageIds");
        if (ids == null || !ids.isArray()) {
            return Frame.error(f.id(), ErrorCode.BAD_REQUEST, "query needs data.messageIds (an array of strings)");
        }
        ObjectNode reply = FrameCodec.JSON.createObjectNode();
        ArrayNode out = reply.putArray("messages");
        for (JsonNode id : ids) {
            if (!id.isTextual()) {
                return Frame.error(f.id(), ErrorCode.BAD_REQUEST, "messageIds must be strings");
            }
            out.add(ledger.get(id.asText()).map(Ledger.Entry::toJson).orElseGet(() ->
                    FrameCodec.JSON.createObjectNode().put("messageId", id.asText()).put("state", "unknown")));
        }
        return Frame.ok(f.id(), reply);
    }

    // ---------------------------------------------------------------- BackendContext

    @Override
    public void status(String messageId, MessageState state, Instant at, String guid, Long chatRowId, ErrorInfo error) {
        synchronized (lock) {
            if (closing) {
                return;
            }
            Optional<Ledger.Entry> known = ledger.get(messageId);
            if (known.isEmpty() || !known.get().state().canMoveTo(state)) {
                return;
            }
            ledger.update(messageId, state, at, guid, chatRowId, error);
            ObjectNode d = FrameCodec.JSON.createObjectNode();
            d.put("messageId", messageId).put("state", state.wire()).put("at", Times.iso(at));
            String g = guid != null ? guid : known.get().guid();
            if (g != null) {
                d.put("guid", g);
            }
            if (error != null) {
                d.set("error", error.toJson());
            }
            publish(journal.append("status", messageId, d));
            if (state.isOutcome()) {
                inFlight.remove(messageId);
            }
        }
    }

    @Override
    public void inbound(ObjectNode data, List<IncomingFile> files) {
        List<InboundFile> readable = new ArrayList<>();
        for (IncomingFile in : files) {
            try {
                readable.add(InboundFile.of(in.path(), in.filename(), in.mimeType())); // size + sha256, outside the lock
            } catch (IOException | RuntimeException e) {
                log("inbound " + data.path("guid").asText() + ": cannot read attachment " + in.path() + " (" + e.getMessage()
                        + "); leaving it out");
            }
        }
        ArrayNode listed = data.putArray("attachments");
        readable.forEach(r -> listed.add(r.toEventJson()));
        synchronized (lock) {
            if (!closing) {
                publish(journal.append("inbound", null, data, readable));
            }
        }
    }

    @Override
    public String getState(String key) {
        return stateDb.get(key);
    }

    @Override
    public void putState(String key, String value) {
        stateDb.put(key, value);
    }

    @Override
    public List<Ledger.Entry> ledgerEntries(MessageState... states) {
        return ledger.inStates(states);
    }

    @Override
    public List<Long> matchedRowIds() {
        return ledger.matchedRowIds();
    }

    @Override
    public List<String> accounts() {
        return List.copyOf(accounts);
    }

    @Override
    public void problem(String problem) {
        if (!problems.contains(problem)) {
            problems.add(problem);
            log("PROBLEM: " + problem);
        }
    }

    private void addAccount(String a) {
        String n = normaliseAccount(a);
        if (!n.isEmpty() && accounts.stream().noneMatch(n::equalsIgnoreCase)) {
            accounts.add(n);
        }
    }

    /** Emails are lower-cased; phone numbers lose spaces. */
    static String normaliseAccount(String a) {
        String t = a.trim();
        return t.contains("@") ? t.toLowerCase(Locale.ROOT) : t.replace(" ", "");
    }
}
