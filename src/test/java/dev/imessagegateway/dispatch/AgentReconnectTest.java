package dev.imessagegateway.dispatch;

import dev.imessagegateway.support.Api;
import dev.imessagegateway.support.Simulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.imessagegateway.support.Api.api;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@TestProfile(AgentReconnectTest.Profile.class)
class AgentReconnectTest {

    /** Slow enough sends that disconnects land while messages are in flight; a short lease for recovery. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "gateway.simulator.send-delay", "15ms",
                    "gateway.simulator.deliver-delay", "30ms",
                    "gateway.simulator.max-in-flight", "16",
                    "gateway.dispatch.lease", "3s");
        }
    }

    @Test
    void disconnectMidStreamLosesNothingAndSendsNothingTwice() {
        var agent = Simulator.agent();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            ids.add(Api.send(Map.of("to", Api.uniquePhone(), "body", "burst " + i)));
        }
        for (int cut = 0; cut < 3; cut++) {
            int target = 30 * (cut + 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> agent.handOverOrder().size() >= target);
            agent.disconnectAll();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                ids.stream().allMatch(id -> "delivered".equals(api().get("/api/v1/messages/" + id + "/status").path("status"))));
        for (String id : ids) {
            assertEquals(1, agent.handedToMessages(id), "handed to Messages.app exactly once: " + id);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.unacknowledgedEvents() == 0);
    }
}
