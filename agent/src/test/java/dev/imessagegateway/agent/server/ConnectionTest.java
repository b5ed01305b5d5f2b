package dev.imessagegateway.agent.server;

import static dev.imessagegateway.agent.testing.TestGateway.type;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imessagegateway.agent.testing.RunningAgent;
import dev.imessagegateway.agent.testing.TestGateway;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transport rules: pings, malformed and oversized frames, stale sockets, TCP. */
class ConnectionTest {
    @TempDir
    Path dir;

    @Test
    void connectionIsClosedAfterTwoUnansweredPings() throws Exception {
        try (RunningAgent a = RunningAgent.start(dir, "--ping-interval", "100ms");
             TestGateway silent = TestGateway.connect(a.address).answerPings(false);
             TestGateway alive = a.gateway()) {
            silent.acceptHello();
            await().atMost(Duration.ofSeconds(5)).until(silent::isClosedByAgent);
            assertEquals(2, silent.all(type("ping")).size());
            assertFalse(alive.isClosedByAgent(), "a gateway that answers pings stays connected");
            assertTrue(alive.all(type("ping")).size() >= 2);
            alive.sync();
        }
    }

    @Test
    void malformedFramesAreAnsweredWithBadRequestWhenAnIdCanBeRead() throws Exception {
        try (RunningAgent a = RunningAgent.start(dir); TestGateway g = a.gateway()) {
            g.sendRaw("{\"type\":\"send\",\"id\":\"b-1\",\"data\":{oops");
            assertEquals("bad_request", g.reply("b-1").path("data").path("code").asText());
            g.sendRaw("{\"id\":\"b-2\",\"data\":{}}");
            assertEquals("bad_request", g.reply("b-2").path("data").path("code").asText());
            g.sendRaw("{\"type\":\"send\",\"id\":\"b-3\",\"data\":[1]}");
            assertEquals("bad_request", g.reply("b-3").path("data").path("code").asText());
            g.sendRaw("not json at all");
            g.sync();
            assertEquals(3, g.all(type("error")).size(), "a frame without a readable id is dropped");
        }
    }

    @Test
    void aFrameLongerThanOneMebibyteClosesTheConnection() throws Exception {
        try (RunningAgent a = RunningAgent.start(dir); TestGateway g = a.gateway()) {
            String huge = "{\"type\":\"ping\",\"id\":\"" + "x".repeat((1 << 20) + 10) + "\"}";
            try {
                g.sendRaw(huge);
            } catch (IOException e) {
                // the agent may close while we write
            }
            await().atMost(Duration.ofSeconds(5)).until(g::isClosedByAgent);
            try (TestGateway other = a.gateway()) {
                other.sync(); // the agent itself still serves others
            }
        }
    }

    @Test
    void staleSocketFileOfAKilledAgentIsReplaced() throws Exception {
        Path sock = dir.resolve("agent.sock");
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(sock));
        dead.close(); // leaves the socket file behind, nobody listening
        assertTrue(Files.exists(sock));
        try (RunningAgent a = RunningAgent.start(dir); TestGateway g = a.gateway()) {
            g.sync();
            assertEquals("listening unix:" + sock, a.agent.listeningLine());
            assertThrows(IOException.class, () -> RunningAgent.start(dir), "a live agent's socket is not stolen");
            g.sync();
        }
    }

    @Test
    void tcpOnPortZeroReportsTheActualPortAndServesSeveralGateways() throws Exception {
        try (RunningAgent a = RunningAgent.start(dir, "--tcp", "127.0.0.1:0")) {
            String line = a.agent.listeningLine();
            assertTrue(line.matches("listening tcp:127\\.0\\.0\\.1:\\d+"), line);
            int port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
            assertTrue(port > 0);
            try (TestGateway g1 = TestGateway.connectReady(new InetSocketAddress("127.0.0.1", port));
                 TestGateway g2 = TestGateway.connectReady(new InetSocketAddress("127.0.0.1", port))) {
                JsonNode r1 = g1.send("m-1", "+15557654321", "a");
                JsonNode r2 = g2.send("m-2", "+15557654321", "b");
                assertEquals("accepted", r1.path("data").path("state").asText());
                assertEquals("accepted", r2.path("data").path("state").asText());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> RunningAgent.start(dir.resolve("x"), "--tcp", "0.0.0.0:7000"));
    }
}
