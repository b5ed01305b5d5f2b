package dev.imessagegateway.agent.backend.simulated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imessagegateway.agent.backend.Backend;
import dev.imessagegateway.agent.backend.BackendContext;
import dev.imessagegateway.agent.backend.OutgoingMessage;
import dev.imessagegateway.agent.backend.SendFailure;
import dev.imessagegateway.agent.ledger.MessageState;
import dev.imessagegateway.agent.ledger.Times;
import dev.imessagegateway.agent.protocol.ErrorInfo;
import dev.imessagegateway.agent.protocol.FrameCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * No Messages.app: hand-overs take {@code sendDelay}, then {@code sent}; {@code delivered} follows after
 * {@code deliverDelay}. Failure rules by recipient regex; incoming messages are injected as {@code *.json}
 * files ({@code {"from","body","to"?,"attachments"?:["/abs/path",…]}}) dropped into the inbox directory. The files
 * named in {@code attachments} are read (not copied) when the event is sent: they must stay until it is acknowledged.
 */
public final class SimulatedBackend implements Backend {

    /** Settings of the simulated backend (null patterns/dir: rule off). */
    public record Settings(Duration sendDelay, Duration deliverDelay, Pattern failPattern, Pattern flakyPattern,
                           int flakyTimes, Path inboxDir, Duration pollInterval) {
    }

    private final Settings settings;
    private final Map<String, Integer> flakyFailures = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simulated-backend");
        t.setDaemon(true);
        return t;
    });
    private volatile BackendContext context;

    public SimulatedBackend(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "simulated";
    }

    @Override
    public List<String> discoverAccounts() {
        return List.of();
    }

    @Override
    public List<String> problems() {
        return List.of();
    }

    @Override
    public void start(BackendContext ctx) {
        this.context = ctx;
        if (settings.inboxDir() != null) {
            try {
                Files.createDirectories(settings.inboxDir());
            } catch (IOException e) {
                ctx.problem("cannot create inbox directory " + settings.inboxDir() + ": " + e.getMessage());
            }
            long every = Math.max(10, settings.pollInterval().toMillis());
            timer.scheduleWithFixedDelay(this::scanInbox, 0, every, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void handOver(OutgoingMessage m) throws SendFailure {
        sleep(settings.sendDelay());
        if (settings.failPattern() != null && settings.failPattern().matcher(m.to()).find()) {
            throw new SendFailure(new ErrorInfo("simulated_failure", "simulated permanent failure for " + m.to(), false));
        }
        if (settings.flakyPattern() != null && settings.flakyPattern().matcher(m.to()).find()) {
            int failuresSoFar = flakyFailures.getOrDefault(m.messageId(), 0);
            if (failuresSoFar < settings.flakyTimes()) {
                flakyFailures.put(m.messageId(), failuresSoFar + 1);
                throw new SendFailure(new ErrorInfo("simulated_failure",
                        "simulated transient failure " + (failuresSoFar + 1) + " of " + settings.flakyTimes(), true));
            }
        }
    }

    @Override
    public void confirm(OutgoingMessage m) {
        String guid = UUID.randomUUID().toString().toUpperCase();
        context.status(m.messageId(), MessageState.SENT, Instant.now(), guid, null, null);
        timer.schedule(() -> context.status(m.messageId(), MessageState.DELIVERED, Instant.now(), guid, null, null),
                settings.deliverDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void scanInbox() {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(settings.inboxDir(), "*.json")) {
            ds.forEach(files::add);
        } catch (IOException e) {
            return;
        }
        files.sort(null);
        for (Path f : files) {
            try {
                byte[] bytes = Files.readAllBytes(f);
                JsonNode in = FrameCodec.JSON.readTree(bytes);
                if (in == null || !in.path("from").isTextual()) {
                    throw new IOException("needs a string \"from\"");
                }
                String from = in.get("from").asText();
                String account = in.path("to").isTextual() ? in.get("to").asText()
                        : context.accounts().isEmpty() ? "" : context.accounts().get(0);
                ObjectNode data = FrameCodec.JSON.createObjectNode();
                // a stable guid: a file re-read after a crash (journaled, not yet deleted) is deduplicated by the gateway
                data.put("guid", UUID.nameUUIDFromBytes((f.getFileName() + "\n" + Files.getLastModifiedTime(f) + "\n"
                        + new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)).toString().toUpperCase());
                data.put("from", from);
                data.put("chat", "iMessage;-;" + from);
                data.put("account", account);
                data.put("body", in.path("body").asText(""));
                data.put("at", Times.iso(Instant.now()));
                List<BackendContext.IncomingFile> attached = new ArrayList<>();
                JsonNode att = in.get("attachments");
                if (att != null && !att.isNull()) {
                    if (!att.isArray()) {
                        throw new IOException("\"attachments\" must be an array of absolute file paths");
                    }
                    for (JsonNode a : att) {
                        if (!a.isTextual() || !Path.of(a.asText()).isAbsolute()) {
                            throw new IOException("\"attachments\" must be an array of absolute file paths");
                        }
                        attached.add(new BackendContext.IncomingFile(Path.of(a.asText()), null, null));
                    }
                }
                data.putArray("attachments");
                context.inbound(data, attached);
                Files.deleteIfExists(f);
            } catch (IOException | RuntimeException e) {
                try {
                    if (Files.getLastModifiedTime(f).toMillis() > System.currentTimeMillis() - 2000) {
                        continue; // perhaps still being written: look again next round
                    }
                    Files.move(f, f.resolveSibling(f.getFileName() + ".bad"), StandardCopyOption.REPLACE_EXISTING);
                    System.err.println("inbox: ignored " + f + " (" + e.getMessage() + "), renamed to .bad");
                } catch (IOException ignored) {
                    // try again next round
                }
            }
        }
    }

    private static void sleep(Duration d) throws SendFailure {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SendFailure(dev.imessagegateway.agent.protocol.ErrorCode.INTERNAL, "agent stopping");
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
