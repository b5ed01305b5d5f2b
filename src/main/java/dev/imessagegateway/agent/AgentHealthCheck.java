package dev.imessagegateway.agent;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Readiness data on agents: how many are connected, their accounts and any permission problems they report.
 * It stays UP without agents: messages are still accepted and queued, and go out once an agent connects.
 */
@Readiness
@Singleton
public class AgentHealthCheck implements HealthCheck {

    private final AgentClient client;

    public AgentHealthCheck(AgentClient client) {
        this.client = client;
    }

    @Override
    public HealthCheckResponse call() {
        List<AgentConnection> ready = client.ready();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Sender agents")
                .up()
                .withData("configuredEndpoints", client.endpoints().size())
                .withData("connectedAgents", ready.size())
                .withData("accounts", String.join(",", ready.stream().flatMap(c -> c.accounts().stream()).toList()));
        for (AgentConnection c : ready) {
            response.withData("agent." + c.agentId(), c.endpoint() + " backend=" + c.backend()
                    + (c.problems().isEmpty() ? "" : " problems=" + c.problems()));
        }
        return response.build();
    }
}
