package dev.imessagegateway.dispatch;

import dev.imessagegateway.support.Api;
import dev.imessagegateway.support.Simulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@TestProfile(AccountRoutingTest.Profile.class)
class AccountRoutingTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.simulator.accounts", "+15550001111,+15550002222,sender@icloud.com");
        }
    }

    @Test
    void fromNumberGoesOnlyThroughThatAccount() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(Api.send(Map.of("to", Api.uniquePhone(), "body", "via 2222", "fromNumber", "+1 555 000 2222")));
        }
        for (String id : ids) {
            assertEquals("+15550002222", Simulator.awaitStatus(id, "delivered").get("from"));
        }
        String email = Api.send(Map.of("to", Api.uniquePhone(), "body", "via email", "fromNumber", "Sender@iCloud.com"));
        assertEquals("sender@icloud.com", Simulator.awaitStatus(email, "delivered").get("from"));
    }

    @Test
    void messagesWithoutFromNumberAreSpreadAcrossAccounts() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            ids.add(Api.send(Map.of("to", Api.uniquePhone(), "body", "any account")));
        }
        Set<Object> used = new HashSet<>();
        for (String id : ids) {
            used.add(Simulator.awaitStatus(id, "delivered").get("from"));
        }
        assertEquals(Set.of("+15550001111", "+15550002222", "sender@icloud.com"), used);
    }

    @Test
    void agentAccountsBecomeRegisteredFromNumbers() {
        // sender@icloud.com is not in GATEWAY_ACCOUNTS: the agent's hello registered it.
        Api.send(Map.of("to", Api.uniquePhone(), "body", "x", "fromNumber", "sender@icloud.com"));
    }
}
