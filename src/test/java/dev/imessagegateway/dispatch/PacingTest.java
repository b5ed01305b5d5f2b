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
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@TestProfile(PacingTest.Profile.class)
class PacingTest {

    /** Account A may send 4 a minute; account B may write to 2 new people an hour. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "gateway.pacing.enabled", "true",
                    "gateway.pacing.messages-per-minute", "4",
                    "gateway.pacing.new-recipients-per-hour", "2",
                    "gateway.simulator.accounts", "+15550001111");
        }
    }

    private static long handedOver(List<String> ids) {
        return ids.stream().filter(id -> Simulator.agent().sendRequests(id) > 0).count();
    }

    @Test
    void pacingHoldsMessagesBackWithoutBurningAttempts() {
        String known = Api.uniquePhone();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(Api.send(Map.of("to", known, "body", "same person " + i)));
        }
        // One recipient, so one new contact: the per-minute limit (4) is what holds the rest back.
        await().atMost(Duration.ofSeconds(15)).until(() -> handedOver(ids) == 4);
        // Over several dispatcher ticks nothing more goes out.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> handedOver(ids) == 4);
        List<String> held = ids.stream().filter(id -> Simulator.agent().sendRequests(id) == 0).toList();
        assertEquals(2, held.size());
        for (String id : held) {
            api().get("/api/v1/messages/" + id + "/status")
                    .then().body("status", equalTo("queued")).body("attempts", equalTo(0));
        }
    }
}
