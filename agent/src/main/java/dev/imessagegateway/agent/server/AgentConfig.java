package dev.imessagegateway.agent.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Settings of the protocol side of the agent (backend settings live with the backend). */
public record AgentConfig(Endpoint endpoint, Path stateDir, List<String> accounts, String agentId, int maxInFlight,
                          Duration pingInterval, Path sentLog) {
}
