package dev.imessagegateway.agent.testing;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import dev.imessagegateway.agent.protocol.LineReader;

/** Plays the gateway side over a real socket: records every frame received, answers pings unless told not to. */
public final class TestGateway implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final Duration WAIT = Duration.ofSeconds(10);

    private final SocketChannel channel;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile boolean answerPings = true;
    private volatile boolean autoAck;
    private volatile boolean eof;
    // attachments: files served to attachment.get, uploads received with attachment.put (by sha256)
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final Map<String, ByteArrayOutputStream> partial = new ConcurrentHashMap<>();
    private final Map<String, byte[]> stored = new ConcurrentHashMap<>();
    private final AtomicInteger missingReplies = new AtomicInteger();
    private final AtomicInteger corruptUploads = new AtomicInteger();

    private TestGateway(SocketChannel channel) {
        this.channel = channel;
        Thread t = new Thread(this::readLoop, "test-gateway-reader");
        t.setDaemon(true);
        t.start();
    }

    public static TestGateway connect(SocketAddress address) throws IOException {
        SocketChannel ch = address instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
        ch.connect(address);
        return new TestGateway(ch);
    }

    /** Connects, waits for hello and answers it with ok; returns the hello frame. */
    public static TestGateway connectReady(SocketAddress address) throws IOException {
        TestGateway g = connect(address);
        g.acceptHello();
        return g;
    }

    private void readLoop() {
        LineReader r = new LineReader(channel);
        try {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode f = JSON.readTree(line);
                received.add(f);
                String type = f.path("type").asText();
                if (type.equals("ping") && answerPings) {
                    sendRaw("{\"type\":\"pong\",\"id\":" + JSON.writeValueAsString(f.path("id").asText()) + "}");
                }
                if (type.equals("attachment.get")) {
                    answerGet(f);
                } else if (type.equals("attachment.put")) {
                    answerPut(f);
                } else if (autoAck && type.equals("inbound") && lacksAttachment(f)) {
                    stored.clear(); // an injected "the gateway lost them" as well
                    sendRaw("{\"type\":\"error\",\"id\":" + JSON.writeValueAsString(f.path("id").asText())
                            + ",\"data\":{\"code\":\"attachment_missing\",\"message\":\"missing\",\"retryable\":true}}");
                } else if (autoAck && (type.equals("status") || type.equals("inbound"))) {
                    ack(f);
                }
            }
        } catch (IOException e) {
            // closed
        } finally {
            eof = true;
        }
    }

    /** Serves {@code content} to {@code attachment.get} for {@code attachmentId}. */
    public TestGateway serve(String attachmentId, byte[] content) {
        served.put(attachmentId, content);
        return this;
    }

    /** Pretends an earlier upload of {@code sha256} was cut after {@code bytes}. */
    public void preload(String sha256, byte[] bytes) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(bytes);
        partial.put(sha256, b);
    }

    /** The next {@code n} inbound events are answered attachment_missing (and the stored files forgotten). */
    public void missingOnNextInbound(int n) {
        missingReplies.set(n);
    }

    /** The next {@code n} uploads are corrupted in transit (one byte flipped), so their checksum fails. */
    public void corruptNextUploads(int n) {
        corruptUploads.set(n);
    }

    /** Files completely uploaded, by sha256. */
    public Map<String, byte[]> stored() {
        return stored;
    }

    private boolean lacksAttachment(JsonNode f) {
        if (missingReplies.get() > 0 && missingReplies.getAndDecrement() > 0) {
            return true;
        }
        for (JsonNode a : f.path("data").path("attachments")) {
            if (!stored.containsKey(a.path("sha256").asText())) {
                return true;
            }
        }
        return false;
    }

    private void answerGet(JsonNode f) throws IOException {
        String id = f.path("id").asText();
        JsonNode d = f.path("data");
        byte[] content = served.get(d.path("attachmentId").asText());
        if (content == null) {
            sendRaw("{\"type\":\"error\",\"id\":" + JSON.writeValueAsString(id)
                    + ",\"data\":{\"code\":\"not_found\",\"message\":\"no such attachment\",\"retryable\":false}}");
            return;
        }
        int offset = (int) Math.min(content.length, d.path("offset").asLong());
        int len = (int) Math.min(Math.min(d.path("length").asLong(), 262144), content.length - offset);
        ObjectNode r = JSON.createObjectNode().put("type", "ok").put("id", id);
        r.putObject("data").put("attachmentId", d.path("attachmentId").asText()).put("offset", offset)
                .put("data", Base64.getEncoder().encodeToString(Arrays.copyOfRange(content, offset, offset + len)))
                .put("eof", offset + len >= content.length);
        sendRaw(r.toString());
    }

    private void answerPut(JsonNode f) throws IOException {
        String id = f.path("id").asText();
        JsonNode d = f.path("data");
        String sha = d.path("sha256").asText();
        long size = d.path("size").asLong();
        if (stored.containsKey(sha)) {
            sendRaw(JSON.createObjectNode().put("type", "ok").put("id", id).set("data",
                    JSON.createObjectNode().put("sha256", sha).put("received", size)).toString());
            return;
        }
        ByteArrayOutputStream held = partial.computeIfAbsent(sha, k -> new ByteArrayOutputStream());
        if (d.path("offset").asLong() != held.size()) {
            sendRaw("{\"type\":\"error\",\"id\":" + JSON.writeValueAsString(id) + ",\"data\":{\"code\":\"bad_offset\","
                    + "\"message\":\"expected offset " + held.size() + "\",\"retryable\":true,\"expected\":" + held.size() + "}}");
            return;
        }
        byte[] chunk = Base64.getDecoder().decode(d.path("data").asText());
        if (chunk.length > 262144) {
            throw new IOException("chunk longer than 256 KiB");
        }
        if (chunk.length > 0 && corruptUploads.get() > 0 && corruptUploads.getAndDecrement() > 0) {
            chunk[0] ^= 1;
        }
        held.writeBytes(chunk);
        if (d.path("eof").asBoolean()) {
            partial.remove(sha);
            byte[] all = held.toByteArray();
            String actual = sha256(all);
            if (!actual.equals(sha) || all.length != size) {
                sendRaw("{\"type\":\"error\",\"id\":" + JSON.writeValueAsString(id) + ",\"data\":{\"code\":\"checksum_mismatch\","
                        + "\"message\":\"got " + actual + "\",\"retryable\":true}}");
                return;
            }
            stored.put(sha, all);
        }
        sendRaw(JSON.createObjectNode().put("type", "ok").put("id", id).set("data",
                JSON.createObjectNode().put("sha256", sha).put("received", held.size())).toString());
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public TestGateway answerPings(boolean on) {
        answerPings = on;
        return this;
    }

    public TestGateway autoAck(boolean on) {
        autoAck = on;
        return this;
    }

    public synchronized void sendRaw(String line) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    public JsonNode acceptHello() throws IOException {
        JsonNode hello = await(f -> f.path("type").asText().equals("hello"));
        sendRaw("{\"type\":\"ok\",\"id\":" + JSON.writeValueAsString(hello.path("id").asText())
                + ",\"data\":{\"protocol\":1,\"gatewayVersion\":\"test\",\"instanceId\":\"gw-test\"}}");
        return hello;
    }

    /** Sends a request and waits for its reply. */
    public JsonNode request(String type, ObjectNode data) throws IOException {
        String id = "t-" + ids.incrementAndGet();
        ObjectNode f = JSON.createObjectNode().put("type", type).put("id", id);
        f.set("data", data);
        sendRaw(f.toString());
        return reply(id);
    }

    public JsonNode send(String messageId, String to, String body) throws IOException {
        return send(messageId, to, body, 1, "+15551234567");
    }

    public JsonNode send(String messageId, String to, String body, int attempt, String account) throws IOException {
        ObjectNode d = JSON.createObjectNode().put("messageId", messageId).put("to", to).put("body", body)
                .put("account", account).put("attempt", attempt);
        d.putArray("attachments");
        return request("send", d);
    }

    /** A send whose attachments are references to files this gateway serves. */
    public JsonNode sendWithAttachments(String messageId, String to, String body, ObjectNode... refs) throws IOException {
        ObjectNode d = JSON.createObjectNode().put("messageId", messageId).put("to", to).put("body", body)
                .put("account", "+15551234567").put("attempt", 1);
        com.fasterxml.jackson.databind.node.ArrayNode a = d.putArray("attachments");
        for (ObjectNode r : refs) {
            a.add(r);
        }
        return request("send", d);
    }

    /** Serves {@code content} and returns its reference (sha256 and size of the content). */
    public ObjectNode ref(String attachmentId, String filename, String mimeType, byte[] content) {
        serve(attachmentId, content);
        return JSON.createObjectNode().put("attachmentId", attachmentId).put("filename", filename).put("mimeType", mimeType)
                .put("size", content.length).put("sha256", sha256(content));
    }

    public JsonNode reply(String id) {
        return await(f -> id.equals(f.path("id").asText()) && (f.path("type").asText().equals("ok")
                || f.path("type").asText().equals("error") || f.path("type").asText().equals("pong")));
    }

    /** Round trip of a ping: every frame the agent queued before the pong has arrived when this returns. */
    public void sync() throws IOException {
        String id = "sync-" + ids.incrementAndGet();
        sendRaw("{\"type\":\"ping\",\"id\":\"" + id + "\"}");
        reply(id);
    }

    public void ack(JsonNode request) {
        try {
            sendRaw("{\"type\":\"ok\",\"id\":" + JSON.writeValueAsString(request.path("id").asText()) + ",\"data\":{}}");
        } catch (IOException e) {
            // closed
        }
    }

    public JsonNode await(Predicate<JsonNode> p) {
        return org.awaitility.Awaitility.await().atMost(WAIT).until(() -> find(p), Optional::isPresent).get();
    }

    public Optional<JsonNode> find(Predicate<JsonNode> p) {
        return received.stream().filter(p).findFirst();
    }

    public List<JsonNode> all(Predicate<JsonNode> p) {
        return received.stream().filter(p).toList();
    }

    /** status events for a message, in arrival order. */
    public List<String> states(String messageId) {
        return all(f -> f.path("type").asText().equals("status") && f.path("data").path("messageId").asText().equals(messageId))
                .stream().map(f -> f.path("data").path("state").asText()).toList();
    }

    public static Predicate<JsonNode> status(String messageId, String state) {
        return f -> f.path("type").asText().equals("status") && f.path("data").path("messageId").asText().equals(messageId)
                && f.path("data").path("state").asText().equals(state);
    }

    public static Predicate<JsonNode> type(String type) {
        return f -> f.path("type").asText().equals(type);
    }

    public List<JsonNode> received() {
        return received;
    }

    public boolean isClosedByAgent() {
        return eof;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
