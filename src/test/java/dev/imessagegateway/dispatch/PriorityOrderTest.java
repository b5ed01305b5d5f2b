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

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@TestProfile(PriorityOrderTest.Profile.class)
class PriorityOrderTest {

    /** One message in flight at a time, so the queue builds up while the first is held. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.simulator.max-in-flight", "1");
        }
    }

    @Test
    void dispatchesHigherPriorityFirstAndFifoWithinAPriority() {
        var agent = Simulator.agent();
        agent.holdOutcomes(true);
        String blocker = Api.send(Map.of("to", Api.uniquePhone(), "body", "occupies the only slot"));
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.sendRequests(blocker) == 1);

        int[] priorities = {0, 50, 100, 50, 0, 100, 7, 50};
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < priorities.length; i++) {
            ids.add(Api.send(Map.of("to", Api.uniquePhone(), "body", "p" + priorities[i] + " #" + i, "priority", priorities[i])));
        }
        List<String> expected = List.of(ids.get(2), ids.get(5), ids.get(1), ids.get(3), ids.get(7), ids.get(6), ids.get(0), ids.get(4));

        agent.holdOutcomes(false);
        for (String id : ids) {
            Simulator.awaitStatus(id, "delivered");
        }
        List<String> order = agent.handOverOrder().stream().filter(ids::contains).toList();
        assertEquals(expected, order);
    }
}
