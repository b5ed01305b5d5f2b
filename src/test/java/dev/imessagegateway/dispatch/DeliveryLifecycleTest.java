package dev.imessagegateway.dispatch;

import dev.imessagegateway.support.Api;
import dev.imessagegateway.support.Simulator;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.imessagegateway.support.Api.PARKED_ACCOUNT;
import static dev.imessagegateway.support.Api.api;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

@QuarkusTest
class DeliveryLifecycleTest {

    @Inject
    Pool pool;

    @Test
    void messageGoesFromQueuedToDeliveredThroughTheAgent() {
        String id = Api.send(Map.of("to", Api.uniquePhone(), "body", "hello \"world\" \\ 😀\nline two"));
        Map<String, Object> m = Simulator.awaitStatus(id, "delivered");
        assertEquals(1, m.get("attempts"));
        assertEquals("+15550001111", m.get("from"));
        assertNotNull(m.get("sentAt"));
        assertNotNull(m.get("deliveredAt"));
        assertEquals(1, Simulator.agent().handedToMessages(id));
        api().get("/api/v1/messages/" + id + "/status")
                .then().statusCode(200)
                .body("status", equalTo("delivered"))
                .body("attempts", equalTo(1))
                .body("lastError", nullValue())
                .body("sentAt", notNullValue())
                .body("deliveredAt", notNullValue());
    }

    @Test
    void inboundMessagesAreStoredOnceAsReceived() {
        String person = Api.uniquePhone();
        String guid = api().body(Map.of("from", person, "body", "hi gateway"))
                .post("/api/v1/simulator/inbound")
                .then().statusCode(202).extract().path("guid");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                api().get("/api/v1/messages?direction=received&participant=" + person).then().extract().<Integer>path("total") == 1);
        Simulator.agent().inboundWithGuid(guid, person, "hi gateway (resent)");
        Simulator.agent().inboundWithGuid(guid, person, "hi gateway (resent again)");
        await().atMost(Duration.ofSeconds(10)).until(() -> Simulator.agent().unacknowledgedEvents() == 0);
        api().get("/api/v1/messages?direction=received&participant=" + person)
                .then().statusCode(200)
                .body("total", equalTo(1))
                .body("data[0].body", equalTo("hi gateway"))
                .body("data[0].status", equalTo("received"))
                .body("data[0].from", equalTo(person))
                .body("data[0].to", equalTo("+15550001111"));
    }

    @Test
    void simulatorInboundValidatesItsInput() {
        api().body(Map.of("from", "nobody", "body", "x")).post("/api/v1/simulator/inbound")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("from"));
        api().body(Map.of("from", "+15557654321", "body", "x", "to", "+15559990000")).post("/api/v1/simulator/inbound")
                .then().statusCode(400).body("errors.field", hasItem("to"));
    }

    @Test
    void cancelsQueuedMessagesOnly() {
        String parked = Api.send(Map.of("to", Api.uniquePhone(), "body", "never leaves", "fromNumber", PARKED_ACCOUNT));
        api().delete("/api/v1/messages/" + parked)
                .then().statusCode(200).body("status", equalTo("cancelled"));
        api().delete("/api/v1/messages/" + parked).then().statusCode(200).body("status", equalTo("cancelled"));
        api().get("/api/v1/messages/" + parked + "/status").then().body("status", equalTo("cancelled"));

        String delivered = Api.send(Map.of("to", Api.uniquePhone(), "body", "goes out"));
        Simulator.awaitStatus(delivered, "delivered");
        api().delete("/api/v1/messages/" + delivered)
                .then().statusCode(409).contentType("application/problem+json").body("status", equalTo(409));
        api().delete("/api/v1/messages/msg_unknown").then().statusCode(404);
    }

    @Test
    void retryIsOnlyForFailedOrDeadLetterMessages() {
        String parked = Api.send(Map.of("to", Api.uniquePhone(), "body", "queued", "fromNumber", PARKED_ACCOUNT));
        api().post("/api/v1/messages/" + parked + "/retry")
                .then().statusCode(409).contentType("application/problem+json");
        api().post("/api/v1/messages/msg_unknown/retry").then().statusCode(404);
    }

    @Test
    void parkedMessagesStayQueuedWithoutBurningAttempts() {
        String parked = Api.send(Map.of("to", Api.uniquePhone(), "body", "no agent has this account", "fromNumber", PARKED_ACCOUNT));
        String other = Api.send(Map.of("to", Api.uniquePhone(), "body", "this one can go"));
        Simulator.awaitStatus(other, "delivered");
        api().get("/api/v1/messages/" + parked + "/status")
                .then().body("status", equalTo("queued")).body("attempts", equalTo(0));
        assertEquals(0, Simulator.agent().sendRequests(parked));
    }

    @Test
    void healthReportsConnectedAgents() {
        io.restassured.RestAssured.given().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.find { it.name == 'Sender agents' }.data.connectedAgents", equalTo(1))
                .body("checks.find { it.name == 'Sender agents' }.data.accounts", equalTo("+15550001111"));
    }
}
