package dev.imessagegateway.dispatch;

import dev.imessagegateway.account.AccountRegistry;
import dev.imessagegateway.agent.AgentClient;
import dev.imessagegateway.attachment.AttachmentService;
import dev.imessagegateway.common.GatewayConfig;
import dev.imessagegateway.common.Handles;
import dev.imessagegateway.simulator.SimulatedAgent;
import dev.imessagegateway.simulator.SimulatorLauncher;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Builds the dispatch machinery from configuration. The parts are plain classes (so a test can build a second,
 * independent dispatcher over its own connections); this class is the only place they are wired.
 */
@Singleton
public class DispatchBeans {

    @Produces
    @Singleton
    @Named("instanceId")
    String instanceId() {
        String host = ManagementFactory.getRuntimeMXBean().getName();
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Produces
    @Singleton
    Outcomes outcomes(Pool pool, GatewayConfig config) {
        GatewayConfig.Dispatch d = config.dispatch();
        return new Outcomes(pool, d.maxAttempts(), d.backoffBase(), d.backoffMax());
    }

    @Produces
    @Singleton
    Pacer pacer(GatewayConfig config) {
        return new Pacer(config.pacing());
    }

    @Produces
    @Singleton
    AgentEventsHandler events(Pool pool, Outcomes outcomes, AccountRegistry accounts, Handles handles,
                              AttachmentService attachments) {
        return new AgentEventsHandler(pool, outcomes, accounts, handles, attachments);
    }

    @Produces
    @Singleton
    AgentClient agentClient(GatewayConfig config, SimulatorLauncher simulator, AgentEventsHandler events,
                            @Named("instanceId") String instanceId) {
        List<String> endpoints = new ArrayList<>(config.agents().orElse(List.of()).stream()
                .map(String::trim).filter(e -> !e.isEmpty()).toList());
        simulator.agent().map(SimulatedAgent::endpoint).ifPresent(endpoints::add);
        endpoints.forEach(dev.imessagegateway.agent.LineChannel::address); // fail fast on a malformed endpoint
        return new AgentClient(endpoints, events, instanceId, Duration.ofSeconds(15));
    }

    void closeClient(@Disposes AgentClient client) {
        client.close();
    }

    @Produces
    @Singleton
    Dispatcher dispatcher(Pool pool, AgentClient agents, Outcomes outcomes, Pacer pacer, AttachmentService attachments,
                          GatewayConfig config, @Named("instanceId") String instanceId) {
        GatewayConfig.Dispatch d = config.dispatch();
        return new Dispatcher(pool, agents, outcomes, pacer, attachments, instanceId, d.lease(), d.replyTimeout(), d.maxBatch());
    }

    void stopDispatcher(@Disposes Dispatcher dispatcher) {
        dispatcher.stop();
    }

    @Produces
    @Singleton
    Reconciler reconciler(Pool pool, AgentClient agents, Outcomes outcomes, GatewayConfig config,
                          @Named("instanceId") String instanceId) {
        GatewayConfig.Dispatch d = config.dispatch();
        return new Reconciler(pool, agents, outcomes, instanceId, d.lease(), d.replyTimeout());
    }
}
