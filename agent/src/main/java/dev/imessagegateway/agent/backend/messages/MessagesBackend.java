package dev.imessagegateway.agent.backend.messages;

import dev.imessagegateway.agent.attachments.Attachments;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imessagegateway.agent.backend.Backend;
import dev.imessagegateway.agent.backend.BackendContext;
import dev.imessagegateway.agent.backend.OutgoingMessage;
import dev.imessagegateway.agent.backend.SendFailure;
import dev.imessagegateway.agent.ledger.Ledger;
import dev.imessagegateway.agent.ledger.MessageState;
import dev.imessagegateway.agent.ledger.Times;
import dev.imessagegateway.agent.protocol.ErrorCode;
import dev.imessagegateway.agent.protocol.ErrorInfo;
import dev.imessagegateway.agent.protocol.FrameCodec;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Messages.app: hands messages over with osascript, confirms them by finding their rows in chat.db, follows the
 * rows for sent / delivered / read / error, and turns incoming rows into inbound events.
 */
public final class MessagesBackend implements Backend {
    static final String INBOUND_CURSOR = "chatdb.lastInboundRowId";
    /** How long an incoming row waits for its attachment files to appear (Messages downloads them) before it is reported without them. */
    static final Duration ATTACHMENT_DOWNLOAD_WAIT = Duration.ofSeconds(15);

    /** Settings of the Messages.app backend. */
    public record Settings(Path osascript, Path chatDb, ScriptVariant variant, Duration pollInterval,
                           Duration confirmTimeout, Duration osascriptTimeout) {
    }

    /** A matched row being followed, with the last state reported for it. */
    private record Tracked(String messageId, MessageState state) {
    }

    private record HandOver(long floorRowId, Instant at) {
    }

    private final Settings settings;
    private final Osascript osascript;
    private final ChatDb chatDb;
    private final SendMatcher matcher = new SendMatcher();
    private final Map<Long, Tracked> tracked = new ConcurrentHashMap<>();
    private final Map<String, HandOver> handOvers = new ConcurrentHashMap<>();
    private final Map<Long, Instant> chatless = new ConcurrentHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> discovered = new ArrayList<>();
    private volatile BackendContext ctx;
    private volatile boolean closed;
    private volatile boolean chatDbProblemReported;
    private boolean probed;
    private long inboundCursor = -1;
    private Thread watcher;

    public MessagesBackend(Settings settings) {
        this.settings = settings;
        this.osascript = new Osascript(settings.osascript(), settings.osascriptTimeout());
        this.chatDb = new ChatDb(settings.chatDb());
    }

    @Override
    public String name() {
        return "messages-app";
    }

    @Override
    public synchronized List<String> discoverAccounts() {
        probe();
        return List.copyOf(discovered);
    }

    @Override
    public synchronized List<String> problems() {
        probe();
        return List.copyOf(problems);
    }

    static String fullDiskAccessProblem(Path db, String why) {
        return "Cannot read Messages' database " + db + " (" + why + "): give Full Disk Access to the program running the "
                + "agent (the imessage-agent binary, or java / your terminal app) in System Settings > Privacy & Security > "
                + "Full Disk Access, then restart the agent.";
    }

    /** Checks chat.db access and Automation permission once, and lists the iMessage accounts (best effort). */
    private void probe() {
        if (probed) {
            return;
        }
        probed = true;
        try {
            chatDb.open();
        } catch (SQLException e) {
            problems.add(fullDiskAccessProblem(chatDb.path(), e.getMessage()));
            chatDbProblemReported = true;
        }
        try {
            Osascript.Result r = osascript.run(settings.variant().probeScript(), List.of());
            if (r.ok()) {
                for (String line : r.stdout().split("[\\n,]")) {
                    String h = line.trim();
                    if (h.contains("@") || h.matches("\\+\\d{6,15}")) {
                        discovered.add(h.contains("@") ? h.toLowerCase() : h);
                    }
                }
            } else if (Integer.valueOf(-1743).equals(OsascriptErrors.errorNumber(r.stderr()))) {
                problems.add(OsascriptErrors.AUTOMATION_PROBLEM);
            } else {
                problems.add("Messages.app did not answer the start-up check: " + OsascriptErrors.map(r).message());
            }
        } catch (IOException e) {
            problems.add("cannot run " + settings.osascript() + " (" + e.getMessage() + "): the Messages backend needs macOS");
        }
    }

    @Override
    public void start(BackendContext context) {
        this.ctx = context;
        context.matchedRowIds().forEach(matcher::claim);
        for (Ledger.Entry e : context.ledgerEntries(MessageState.SENT, MessageState.DELIVERED)) {
            if (e.chatRowId() != null) {
                tracked.put(e.chatRowId(), new Tracked(e.messageId(), e.state()));
            }
        }
        String cursor = context.getState(INBOUND_CURSOR);
        if (cursor != null) {
            inboundCursor = Long.parseLong(cursor);
        }
        watcher = new Thread(this::watchLoop, "chatdb-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    @Override
    public void handOver(OutgoingMessage m) throws SendFailure {
        long floor = 0;
        try {
            floor = chatDb.maxRowId();
        } catch (SQLException e) {
            // unreadable chat.db (reported as a problem): rely on the time window
        }
        Instant at = Instant.now();
        Osascript.Result r;
        try {
            r = osascript.run(settings.variant().sendScript(), Osascript.sendArguments(m));
        } catch (IOException e) {
            throw new SendFailure(ErrorCode.SCRIPT_FAILED, "cannot run osascript: " + e.getMessage());
        }
        if (!r.ok()) {
            ErrorInfo error = OsascriptErrors.map(r);
            if (ErrorCode.NOT_AUTHORISED.wire().equals(error.code())) {
                ctx.problem(OsascriptErrors.AUTOMATION_PROBLEM);
            }
            throw new SendFailure(error);
        }
        handOvers.put(m.messageId(), new HandOver(floor, at));
    }

    @Override
    public void confirm(OutgoingMessage m) {
        HandOver h = handOvers.remove(m.messageId());
        Instant at = h == null ? Instant.now() : h.at();
        matcher.add(SendMatcher.Pending.of(m, h == null ? 0 : h.floorRowId(), at, Instant.now().plus(settings.confirmTimeout())));
    }

    private void watchLoop() {
        WatchService ws = null;
        try {
            Path dir = settings.chatDb().toAbsolutePath().getParent();
            ws = FileSystems.getDefault().newWatchService();
            dir.register(ws, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
        } catch (IOException | RuntimeException e) {
            ws = null; // polling only
        }
        long pollMs = Math.max(10, settings.pollInterval().toMillis());
        while (!closed) {
            try {
                if (ws != null) {
                    WatchKey key = ws.poll(pollMs, TimeUnit.MILLISECONDS); // chat.db / chat.db-wal changed, or poll
                    if (key != null) {
                        key.pollEvents();
                        key.reset();
                    }
                } else {
                    Thread.sleep(pollMs);
                }
                cycle();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!closed) {
                    System.err.println("imessage-agent: chat.db watcher: " + e);
                }
            }
        }
    }

    /** One look at chat.db: match new sends, follow their rows, pick up incoming messages. */
    synchronized void cycle() {
        try {
            chatDb.open();
        } catch (SQLException e) {
            if (!chatDbProblemReported) {
                chatDbProblemReported = true;
                ctx.problem(fullDiskAccessProblem(chatDb.path(), e.getMessage()));
            }
            expire();
            return;
        }
        try {
            long floor = matcher.floor();
            if (floor >= 0) {
                for (SendMatcher.Match match : matcher.match(chatDb.outgoingAfter(floor, 1000))) {
                    tracked.put(match.row().rowId(), new Tracked(match.pending().messageId(), MessageState.ACCEPTED));
                    follow(match.row());
                }
            }
            expire();
            if (!tracked.isEmpty()) {
                for (ChatDb.Row row : chatDb.byRowIds(new ArrayList<>(tracked.keySet()))) {
                    follow(row);
                }
            }
            if (inboundCursor < 0) {
                inboundCursor = chatDb.maxRowId(); // first start: do not replay the whole history
                ctx.putState(INBOUND_CURSOR, Long.toString(inboundCursor));
            }
            for (ChatDb.Row row : chatDb.incomingAfter(inboundCursor, 500)) {
                if (row.incomplete()) {
                    // its chat join or attachments may not be written yet: give it a moment (in order), then report it anyway
                    Instant seen = chatless.computeIfAbsent(row.rowId(), k -> Instant.now());
                    if (seen.isAfter(Instant.now().minusSeconds(2))) {
                        break;
                    }
                }
                List<BackendContext.IncomingFile> files = incomingFiles(row);
                if (files.stream().anyMatch(f -> !Files.isRegularFile(f.path()))) {
                    // Messages may still be downloading a file: wait for it (in order), then report without it
                    Instant seen = chatless.computeIfAbsent(row.rowId(), k -> Instant.now());
                    if (seen.isAfter(Instant.now().minus(ATTACHMENT_DOWNLOAD_WAIT))) {
                        break;
                    }
                }
                chatless.remove(row.rowId());
                ctx.inbound(inboundData(row), files);
                inboundCursor = row.rowId();
                ctx.putState(INBOUND_CURSOR, Long.toString(inboundCursor));
            }
        } catch (SQLException e) {
            System.err.println("imessage-agent: reading chat.db: " + e.getMessage());
        }
    }

    private void expire() {
        for (SendMatcher.Pending p : matcher.expired(Instant.now())) {
            ctx.status(p.messageId(), MessageState.FAILED, Instant.now(), null, null, ErrorInfo.of(ErrorCode.TIMEOUT,
                    "the message did not appear in chat.db within " + settings.confirmTimeout().toSeconds() + " s"));
        }
    }

    private void follow(ChatDb.Row row) {
        Tracked t = tracked.get(row.rowId());
        if (t == null) {
            return;
        }
        MessageState state = t.state();
        if (row.error() != 0) {
            ctx.status(t.messageId(), MessageState.FAILED, Instant.now(), row.guid(), row.rowId(),
                    ErrorInfo.of(ErrorCode.NOT_DELIVERED, "Messages.app recorded error " + row.error()));
            tracked.remove(row.rowId());
            return;
        }
        if (row.sent() && state.ordinal() < MessageState.SENT.ordinal()) {
            ctx.status(t.messageId(), MessageState.SENT, row.date() != null ? row.date() : Instant.now(), row.guid(), row.rowId(), null);
            state = MessageState.SENT;
        }
        if (state == MessageState.SENT && (row.delivered() || row.dateDelivered() != null)) {
            ctx.status(t.messageId(), MessageState.DELIVERED, row.dateDelivered() != null ? row.dateDelivered() : Instant.now(),
                    row.guid(), row.rowId(), null);
            state = MessageState.DELIVERED;
        }
        if (state == MessageState.DELIVERED && row.dateRead() != null) {
            ctx.status(t.messageId(), MessageState.READ, row.dateRead(), row.guid(), row.rowId(), null);
            tracked.remove(row.rowId());
            return;
        }
        if (state != t.state()) {
            tracked.put(row.rowId(), new Tracked(t.messageId(), state));
        }
    }

    private ObjectNode inboundData(ChatDb.Row row) {
        ObjectNode d = FrameCodec.JSON.createObjectNode();
        d.put("guid", row.guid());
        String from = row.handle() != null ? row.handle() : row.chatIdentifier();
        d.put("from", from == null ? "" : from);
        d.put("chat", row.chatGuid() != null ? row.chatGuid() : "iMessage;-;" + from);
        String account = row.account();
        if (account == null || account.isBlank()) {
            account = ctx.accounts().isEmpty() ? "" : ctx.accounts().get(0);
        }
        d.put("account", account.contains("@") ? account.toLowerCase() : account);
        d.put("body", row.body() == null ? "" : row.body().replace("\uFFFC", "").strip());
        d.put("at", Times.iso(row.date() != null ? row.date() : Instant.now()));
        d.putArray("attachments"); // filled in by the agent from the files, with size and sha256
        return d;
    }

    /** The files of an incoming row ({@code ~} expanded); rows without a filename (not downloaded) are skipped. */
    static List<BackendContext.IncomingFile> incomingFiles(ChatDb.Row row) {
        List<BackendContext.IncomingFile> out = new ArrayList<>();
        for (ChatDb.Attachment a : row.attachments()) {
            if (a == null || a.filename() == null || a.filename().isBlank()) {
                continue;
            }
            String name = a.transferName() != null && !a.transferName().isBlank() ? a.transferName() : a.name();
            out.add(new BackendContext.IncomingFile(Attachments.expandHome(a.filename()), name, a.mimeType()));
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
        if (watcher != null) {
            watcher.interrupt();
            try {
                watcher.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            chatDb.close();
        }
    }
}
