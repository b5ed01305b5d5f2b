package dev.imessagegateway.agent.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the protocol side of the agent (backend settings live with the backend). {@code attachmentsDir}:
 * where outbound attachments are staged ({@code <dir>/<uuid>/<filename>}), kept for {@code attachmentsRetention}.
 */
public record AgentConfig(Endpoint endpoint, Path stateDir, List<String> accounts, String agentId, int maxInFlight,
                          Duration pingInterval, Path sentLog, Path attachmentsDir, Duration attachmentsRetention) {

    public AgentConfig(Endpoint endpoint, Path stateDir, List<String> accounts, String agentId, int maxInFlight,
                       Duration pingInterval, Path sentLog) {
        this(endpoint, stateDir, accounts, agentId, maxInFlight, pingInterval, sentLog, stateDir.resolve("attachments"),
                Duration.ofHours(24));
    }
}
