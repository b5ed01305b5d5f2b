package dev.imessagegateway.e2e;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * End to end: the packaged gateway jar (prod profile) and the real agent jar (simulated backend) over a real Unix
 * socket. A posted message reaches {@code delivered}; an incoming message appears in the received list.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = RealAgentResource.class, restrictToAnnotatedClass = true)
class GatewayWithRealAgentIT {

    private static RequestSpecification api() {
        return RestAssured.given().header("Authorization", "Bearer e2e-key").contentType("application/json");
    }

    @Test
    void messageIsDeliveredAndInboundIsListed() throws Exception {
        String id = api().body(Map.of("to", "+1 (555) 765-4321", "body", "end to end \"quoted\" 😀"))
                .post("/api/v1/messages")
                .then().statusCode(201).extract().path("id");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                "delivered".equals(api().get("/api/v1/messages/" + id + "/status").path("status")));
        api().get("/api/v1/messages/" + id)
                .then().body("from", equalTo("+15550001111")).body("attempts", equalTo(1));
        String sentLog = Files.readString(RealAgentResource.dir.resolve("sent.jsonl"));
        assertEquals(1, sentLog.lines().filter(l -> l.contains(id)).count(), "handed to Messages.app once");

        String person = "+1555" + (2_000_000 + System.nanoTime() % 7_000_000);
        Path inbox = RealAgentResource.dir.resolve("inbox");
        Files.writeString(inbox.resolve("hello.json.tmp"), "{\"from\":\"" + person + "\",\"body\":\"reply from a person\"}");
        Files.move(inbox.resolve("hello.json.tmp"), inbox.resolve("hello.json"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                api().get("/api/v1/messages?direction=received&participant=" + person).<Integer>path("total") == 1);
        api().get("/api/v1/messages?direction=received&participant=" + person)
                .then().body("data[0].body", equalTo("reply from a person"))
                .body("data[0].status", equalTo("received"))
                .body("data[0].to", equalTo("+15550001111"));
        RestAssured.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Sender agents' }.data.connectedAgents", equalTo(1));
    }
}
