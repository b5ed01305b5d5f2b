package dev.imessagegateway.support;

import dev.imessagegateway.simulator.SimulatedAgent;
import dev.imessagegateway.simulator.SimulatorLauncher;
import io.quarkus.arc.Arc;

import java.time.Duration;
import java.util.Map;

import static dev.imessagegateway.support.Api.api;
import static org.awaitility.Awaitility.await;

/** Access to the in-process simulated agent and waits on message states. */
public final class Simulator {

    private Simulator() {
    }

    public static SimulatedAgent agent() {
        return Arc.container().instance(SimulatorLauncher.class).get().agent().orElseThrow();
    }

    /** Waits until the message reaches the status, and returns the message's JSON as a map. */
    public static Map<String, Object> awaitStatus(String id, String status) {
        return awaitStatus(id, status, Duration.ofSeconds(20));
    }

    public static Map<String, Object> awaitStatus(String id, String status, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(() ->
                status.equals(api().get("/api/v1/messages/" + id).then().statusCode(200).extract().path("status")));
        return api().get("/api/v1/messages/" + id).then().extract().jsonPath().getMap("$");
    }
}
