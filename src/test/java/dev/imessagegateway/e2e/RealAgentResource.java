package dev.imessagegateway.e2e;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Starts the real agent jar ({@code agent/target/imessage-agent.jar}, simulated backend) on a Unix socket and
 * points the packaged gateway at it. Builds the agent jar first if it is missing.
 */
public class RealAgentResource implements QuarkusTestResourceLifecycleManager {

    static Path dir;
    private Process agent;

    @Override
    public Map<String, String> start() {
        try {
            Path root = Path.of("").toAbsolutePath();
            Path jar = root.resolve("agent/target/imessage-agent.jar");
            if (!Files.exists(jar)) {
                run(List.of(root.resolve("mvnw").toString(), "-B", "-q", "-f", "agent/pom.xml", "package", "-DskipTests"), root);
            }
            dir = Files.createTempDirectory("e2e-agent");
            Path socket = dir.resolve("agent.sock");
            Files.createDirectories(dir.resolve("inbox"));
            agent = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                    "--backend", "simulated", "--socket", socket.toString(), "--state-dir", dir.resolve("state").toString(),
                    "--account", "+15550001111", "--sent-log", dir.resolve("sent.jsonl").toString(),
                    "--inbox-dir", dir.resolve("inbox").toString(), "--agent-id", "e2e-agent"))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("agent.log").toFile())
                    .start();
            Process started = agent;
            Path log = dir.resolve("agent.log");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        if (!started.isAlive()) {
                            throw new IllegalStateException("agent exited: " + Files.readString(log));
                        }
                        return Files.readString(log).contains("listening unix:");
                    });
            return Map.of(
                    "gateway.agents", "unix:" + socket,
                    "gateway.simulator", "false",
                    "gateway.api-keys", "e2e-key",
                    "gateway.pacing.enabled", "false",
                    "quarkus.datasource.reactive.url", System.getProperty("e2e.db.reactive",
                            "postgresql://127.0.0.1:5432/imessage_gateway_e2e"),
                    "quarkus.datasource.jdbc.url", System.getProperty("e2e.db.jdbc",
                            "jdbc:postgresql://127.0.0.1:5432/imessage_gateway_e2e"),
                    "quarkus.datasource.username", "postgres",
                    "quarkus.datasource.password", "postgres");
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(List<String> command, Path cwd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed: " + command);
        }
    }

    @Override
    public void stop() {
        if (agent != null) {
            agent.destroy();
        }
    }
}
