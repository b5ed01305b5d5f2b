package dev.imessagegateway.agent.testing;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
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
                if (autoAck && (type.equals("status") || type.equals("inbound"))) {
                    ack(f);
                }
            }
        } catch (IOException e) {
            // closed
        } finally {
            eof = true;
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
