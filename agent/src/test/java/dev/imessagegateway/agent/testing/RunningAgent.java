package dev.imessagegateway.agent.testing;

import dev.imessagegateway.agent.cli.Main;
import dev.imessagegateway.agent.server.Agent;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** An agent started in-process from command-line options, listening on a Unix socket in a temp dir. */
public final class RunningAgent implements AutoCloseable {
    public final Agent agent;
    public final SocketAddress address;
    public final Path dir;
    public final Path sentLog;

    private RunningAgent(Agent agent, SocketAddress address, Path dir, Path sentLog) {
        this.agent = agent;
        this.address = address;
        this.dir = dir;
        this.sentLog = sentLog;
    }

    /** Starts with --socket/--state-dir/--sent-log in {@code dir}, two accounts, simulated backend unless overridden. */
    public static RunningAgent start(Path dir, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("--socket", dir.resolve("agent.sock").toString(),
                "--state-dir", dir.resolve("state").toString(), "--sent-log", dir.resolve("sent.jsonl").toString(),
                "--agent-id", "test-agent"));
        List<String> extras = Arrays.asList(extra);
        if (!extras.contains("--backend")) {
            args.addAll(List.of("--backend", "simulated"));
        }
        if (!extras.contains("--account")) {
            args.addAll(List.of("--account", "+15551234567", "--account", "Me@iCloud.com"));
        }
        args.addAll(extras);
        Main main = new Main();
        new CommandLine(main).parseArgs(args.toArray(String[]::new));
        Agent agent = main.build();
        SocketAddress address = agent.start();
        return new RunningAgent(agent, address, dir, dir.resolve("sent.jsonl"));
    }

    /** Message ids in the sent log, one per hand-over (duplicates mean double sends). */
    public List<String> sentIds() throws IOException {
        if (!Files.exists(sentLog)) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (String line : Files.readAllLines(sentLog)) {
            ids.add(TestGateway.JSON.readTree(line).path("messageId").asText());
        }
        return ids;
    }

    public TestGateway gateway() throws IOException {
        return TestGateway.connectReady(address);
    }

    @Override
    public void close() {
        agent.close();
    }
}
