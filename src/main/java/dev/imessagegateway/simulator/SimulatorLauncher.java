package dev.imessagegateway.simulator;

import dev.imessagegateway.common.GatewayConfig;
import dev.imessagegateway.common.Handles;
import io.quarkus.runtime.LaunchMode;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Starts the in-process simulated agent when {@code GATEWAY_SIMULATOR=true}, or in dev mode when no agent is
 * configured, so the whole gateway runs on one machine with one command.
 */
@Singleton
public class SimulatorLauncher {

    private static final Logger LOG = Logger.getLogger(SimulatorLauncher.class);

    private final SimulatedAgent agent;

    public SimulatorLauncher(GatewayConfig config, Handles handles) {
        boolean devWithoutAgents = LaunchMode.current() == LaunchMode.DEVELOPMENT
                && config.agents().map(List::isEmpty).orElse(true);
        boolean enabled = config.simulator().enabled().orElse(devWithoutAgents);
        this.agent = enabled ? start(config.simulator(), handles) : null;
    }

    public Optional<SimulatedAgent> agent() {
        return Optional.ofNullable(agent);
    }

    private static SimulatedAgent start(GatewayConfig.Simulator config, Handles handles) {
        List<String> accounts = config.accounts().stream()
                .map(a -> handles.person(a).orElseThrow(() ->
                        new IllegalArgumentException("GATEWAY_SIMULATOR_ACCOUNTS: not a phone number or email: " + a)))
                .toList();
        SimulatedAgent.Settings settings = new SimulatedAgent.Settings(accounts, config.sendDelay(), config.deliverDelay(),
                config.failPattern().map(Pattern::compile), config.flakyPattern().map(Pattern::compile),
                config.flakyTimes(), config.maxInFlight(), config.sentLog().map(Path::of), Duration.ofSeconds(15));
        try {
            Path dir = Files.createTempDirectory("imessage-gateway-sim");
            SimulatedAgent agent = new SimulatedAgent(settings, dir.resolve("agent.sock"));
            LOG.infof("Simulated agent listening on %s with accounts %s", agent.endpoint(), accounts);
            return agent;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the simulated agent", e);
        }
    }

    @PreDestroy
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }
}
