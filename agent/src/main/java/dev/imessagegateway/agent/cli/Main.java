package dev.imessagegateway.agent.cli;

import dev.imessagegateway.agent.backend.Backend;
import dev.imessagegateway.agent.backend.messages.MessagesBackend;
import dev.imessagegateway.agent.backend.messages.ScriptVariant;
import dev.imessagegateway.agent.backend.simulated.SimulatedBackend;
import dev.imessagegateway.agent.server.Agent;
import dev.imessagegateway.agent.server.AgentConfig;
import dev.imessagegateway.agent.server.Endpoint;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line of the sender agent. */
@Command(name = "imessage-agent", mixinStandardHelpOptions = true, version = "imessage-agent " + Agent.VERSION + " (protocol 1)",
        sortOptions = false, usageHelpWidth = 110,
        description = "Sender agent of iMessage Gateway: sends and receives iMessages through Messages.app on this Mac "
                + "for gateways that connect to it (protocol v1, newline-delimited JSON).")
public final class Main implements Callable<Integer> {
    static final String DEFAULT_DIR = System.getProperty("user.home") + "/Library/Application Support/imessage-gateway";

    @Option(names = "--socket", paramLabel = "PATH", description = "Unix domain socket to listen on (default: ${DEFAULT-VALUE}).")
    Path socket = Path.of(DEFAULT_DIR, "agent.sock");

    @Option(names = "--tcp", paramLabel = "HOST:PORT", description = "Listen on loopback TCP instead (port 0: any free port).")
    String tcp;

    @Option(names = "--state-dir", paramLabel = "PATH", description = "Ledger, event journal and cursors (default: beside the socket).")
    Path stateDir;

    @Option(names = "--account", paramLabel = "HANDLE", description = "Account to send from (repeatable; default: discovered from Messages).")
    List<String> accounts = new ArrayList<>();

    @Option(names = "--agent-id", paramLabel = "ID", description = "Name announced in hello (default: host name).")
    String agentId;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "8", description = "Sends held at once (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--ping-interval", paramLabel = "DURATION", defaultValue = "15s", converter = Durations.class,
            description = "Ping each gateway this often; two missed pongs close it (default: ${DEFAULT-VALUE}).")
    Duration pingInterval;

    @Option(names = "--backend", paramLabel = "simulated|messages",
            description = "messages = Messages.app (default on macOS), simulated = no Messages.app (default elsewhere).")
    String backend;

    @Option(names = "--sent-log", paramLabel = "PATH", description = "Append one JSON line per message handed to Messages.app.")
    Path sentLog;

    @Option(names = "--attachments-dir", paramLabel = "DIR",
            description = "Where outbound attachments are staged as <DIR>/<uuid>/<filename> (default: messages: "
                    + "~/Library/Messages/Attachments/imessage-gateway, the only place sandboxed Messages.app reads; "
                    + "simulated: <state-dir>/attachments).")
    Path attachmentsDir;

    @Option(names = "--attachments-retention", paramLabel = "DURATION", defaultValue = "24h", converter = Durations.class,
            description = "Staged outbound attachments are deleted this long after staging (default: ${DEFAULT-VALUE}).")
    Duration attachmentsRetention;

    @Option(names = "--send-delay", paramLabel = "DURATION", defaultValue = "5ms", converter = Durations.class,
            description = "simulated: time a hand-over takes (default: ${DEFAULT-VALUE}).")
    Duration sendDelay;

    @Option(names = "--deliver-delay", paramLabel = "DURATION", defaultValue = "10ms", converter = Durations.class,
            description = "simulated: time from sent to delivered (default: ${DEFAULT-VALUE}).")
    Duration deliverDelay;

    @Option(names = "--fail-pattern", paramLabel = "REGEX", description = "simulated: recipients matching fail for good (simulated_failure).")
    Pattern failPattern;

    @Option(names = "--flaky-pattern", paramLabel = "REGEX", description = "simulated: recipients matching fail retryably --flaky-times times per message id.")
    Pattern flakyPattern;

    @Option(names = "--flaky-times", paramLabel = "N", defaultValue = "1", description = "simulated: see --flaky-pattern (default: ${DEFAULT-VALUE}).")
    int flakyTimes;

    @Option(names = "--inbox-dir", paramLabel = "DIR", description = "simulated: *.json files {from, body, to?} dropped here become inbound messages.")
    Path inboxDir;

    @Option(names = "--osascript", paramLabel = "PATH", defaultValue = "/usr/bin/osascript", description = "messages: osascript to run (default: ${DEFAULT-VALUE}).")
    Path osascript;

    @Option(names = "--chat-db", paramLabel = "PATH", description = "messages: Messages' database, opened read-only (default: ~/Library/Messages/chat.db).")
    Path chatDb = Path.of(System.getProperty("user.home"), "Library", "Messages", "chat.db");

    @Option(names = "--script-variant", paramLabel = "VARIANT", defaultValue = "auto",
            description = "messages: auto, participant-account (macOS 13+), participant-service (11-12), buddy-service (10.15 and older).")
    String scriptVariant;

    @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "250ms", converter = Durations.class,
            description = "How often chat.db / the inbox are polled besides file-change notifications (default: ${DEFAULT-VALUE}).")
    Duration pollInterval;

    @Option(names = "--confirm-timeout", paramLabel = "DURATION", defaultValue = "60s", converter = Durations.class,
            description = "messages: a send whose row does not appear in chat.db within this fails with timeout (default: ${DEFAULT-VALUE}).")
    Duration confirmTimeout;

    @Option(names = "--osascript-timeout", paramLabel = "DURATION", defaultValue = "45s", converter = Durations.class,
            description = "messages: kill osascript after this long (default: ${DEFAULT-VALUE}).")
    Duration osascriptTimeout;

    private final CountDownLatch stop = new CountDownLatch(1);

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    static boolean isMac() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac");
    }

    /** Builds the agent from the options (without starting it). */
    public Agent build() {
        Endpoint endpoint = tcp != null ? Endpoint.tcp(tcp) : Endpoint.unix(socket);
        Path state = stateDir != null ? stateDir
                : endpoint.isUnix() && endpoint.socketPath().toAbsolutePath().getParent() != null
                ? endpoint.socketPath().toAbsolutePath().getParent() : Path.of(DEFAULT_DIR);
        String kind = backend != null ? backend.toLowerCase(Locale.ROOT) : isMac() ? "messages" : "simulated";
        Backend b = switch (kind) {
            case "simulated" -> new SimulatedBackend(new SimulatedBackend.Settings(sendDelay, deliverDelay, failPattern,
                    flakyPattern, flakyTimes, inboxDir, pollInterval));
            case "messages", "messages-app" -> new MessagesBackend(new MessagesBackend.Settings(osascript, chatDb,
                    ScriptVariant.select(scriptVariant, System.getProperty("os.version", "")), pollInterval,
                    confirmTimeout, osascriptTimeout));
            default -> throw new CommandLine.ParameterException(new CommandLine(this), "unknown --backend " + backend);
        };
        if (maxInFlight < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--max-in-flight must be at least 1");
        }
        Path staging = attachmentsDir != null ? attachmentsDir : b instanceof MessagesBackend
                ? Path.of(System.getProperty("user.home"), "Library", "Messages", "Attachments", "imessage-gateway")
                : state.resolve("attachments");
        return new Agent(new AgentConfig(endpoint, state, List.copyOf(accounts), agentId != null ? agentId : hostName(),
                maxInFlight, pingInterval, sentLog, staging, attachmentsRetention), b);
    }

    @Override
    public Integer call() throws Exception {
        Agent agent;
        try {
            agent = build();
        } catch (IllegalArgumentException e) {
            System.err.println("imessage-agent: " + e.getMessage());
            return 2;
        }
        agent.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stop.countDown();
        }));
        System.out.println(agent.listeningLine());
        System.out.flush();
        stop.await();
        return 0;
    }

    private static String hostName() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            return h.endsWith(".local") ? h.substring(0, h.length() - 6) : h;
        } catch (Exception e) {
            return "imessage-agent";
        }
    }
}
