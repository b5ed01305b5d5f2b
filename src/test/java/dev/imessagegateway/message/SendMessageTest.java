package dev.imessagegateway.message;

import dev.imessagegateway.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.imessagegateway.support.Api.PARKED_ACCOUNT;
import static dev.imessagegateway.support.Api.api;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class SendMessageTest {

    @Test
    void queuesMessageAndReturnsLocation() {
        String id = api().body(Map.of("to", "+15551234567", "body", "Hello", "fromNumber", PARKED_ACCOUNT))
                .post("/api/v1/messages")
                .then().statusCode(201)
                .contentType("application/json")
                .header("Location", matchesPattern(".*/api/v1/messages/msg_[0-9A-Z]{26}$"))
                .body("id", matchesPattern("msg_[0-9A-Z]{26}"))
                .body("status", equalTo("queued"))
                .body("to", equalTo("+15551234567"))
                .body("body", equalTo("Hello"))
                .body("priority", equalTo(0))
                .body("fromNumber", equalTo(PARKED_ACCOUNT))
                .body("createdAt", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"))
                .extract().path("id");

        api().get("/api/v1/messages/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("direction", equalTo("sent"))
                .body("status", equalTo("queued"))
                .body("from", equalTo(PARKED_ACCOUNT))
                .body("attempts", equalTo(0))
                .body("sentAt", nullValue())
                .body("deliveredAt", nullValue());
    }

    @Test
    void normalisesPhoneNumbersAndEmails() {
        api().body(Map.of("to", "+1 (555) 123-4567", "body", "x", "fromNumber", PARKED_ACCOUNT))
                .post("/api/v1/messages")
                .then().statusCode(201).body("to", equalTo("+15551234567"));
        api().body(Map.of("to", "  Jane.Doe@iCloud.COM ", "body", "x", "fromNumber", PARKED_ACCOUNT))
                .post("/api/v1/messages")
                .then().statusCode(201).body("to", equalTo("jane.doe@icloud.com"));
        api().body(Map.of("to", "(555) 123-4567", "body", "national format, default region US", "fromNumber", PARKED_ACCOUNT))
                .post("/api/v1/messages")
                .then().statusCode(201).body("to", equalTo("+15551234567"));
        api().body(Map.of("to", "+44 20 7946 0958", "body", "x", "fromNumber", PARKED_ACCOUNT))
                .post("/api/v1/messages")
                .then().statusCode(201).body("to", equalTo("+442079460958"));
    }

    @Test
    void acceptsGroupChatGuids() {
        for (String guid : List.of("iMessage;+;chat123456789", "SMS;+;chat987654321", "any;+;chat000111")) {
            api().body(Map.of("to", guid, "body", "to the group", "fromNumber", PARKED_ACCOUNT))
                    .post("/api/v1/messages")
                    .then().statusCode(201).body("to", equalTo(guid));
        }
    }

    @Test
    void storesAttachmentsAndPriority() {
        String id = api().body(Map.of("to", "+15551234567", "attachments", List.of("https://example.com/a.jpg", "http://example.com/b.pdf"),
                        "priority", 77, "fromNumber", PARKED_ACCOUNT))
                .post("/api/v1/messages")
                .then().statusCode(201)
                .body("priority", equalTo(77))
                .body("attachments", equalTo(List.of("https://example.com/a.jpg", "http://example.com/b.pdf")))
                .body("body", nullValue())
                .extract().path("id");

        api().get("/api/v1/messages/" + id + "/attachments")
                .then().statusCode(200)
                .body("size()", equalTo(2))
                .body("[0].sourceUrl", equalTo("https://example.com/a.jpg"))
                .body("[0].id", matchesPattern("att_[0-9A-Z]{26}"))
                .body("[0].url", matchesPattern("http://localhost:\\d+/api/v1/attachments/att_[0-9A-Z]{26}/content\\?expires=\\d+&token=.+"))
                .body("[1].sourceUrl", equalTo("http://example.com/b.pdf"));
    }

    @Test
    void acceptsBodyOfExactlyTheLimitInCodePoints() {
        String emoji = "😀"; // two UTF-16 units, one code point
        String body = emoji.repeat(MessageRules.MAX_BODY_CODE_POINTS);
        api().body(Map.of("to", "+15551234567", "body", body, "fromNumber", PARKED_ACCOUNT))
                .post("/api/v1/messages")
                .then().statusCode(201);
    }

    @Test
    void reportsStatusAndAttachmentsOfAMessage() {
        String id = Api.send(Map.of("to", "+15551234567", "body", "status please", "fromNumber", PARKED_ACCOUNT));
        api().get("/api/v1/messages/" + id + "/status")
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("status", equalTo("queued"))
                .body("attempts", equalTo(0))
                .body("lastError", nullValue())
                .body("queuedAt", notNullValue())
                .body("sentAt", nullValue())
                .body("deliveredAt", nullValue());
        api().get("/api/v1/messages/" + id + "/attachments")
                .then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void unknownIdsAre404Problems() {
        for (String path : List.of("/api/v1/messages/msg_nope", "/api/v1/messages/msg_nope/status",
                "/api/v1/messages/msg_nope/attachments")) {
            api().get(path)
                    .then().statusCode(404)
                    .contentType("application/problem+json")
                    .body("status", equalTo(404))
                    .body("title", equalTo("Not Found"))
                    .body("detail", endsWith("does not exist"));
        }
    }
}
