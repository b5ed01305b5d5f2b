package dev.imessagegateway.message;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.imessagegateway.support.Api.PARKED_ACCOUNT;
import static dev.imessagegateway.support.Api.api;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class MessageValidationTest {

    /** Each body is invalid for the field named beside it. */
    @ParameterizedTest(name = "{0} -> 400 on {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"body\":\"hi\"}                                          | to",
            "{\"to\":\"\",\"body\":\"hi\"}                              | to",
            "{\"to\":\"not a number\",\"body\":\"hi\"}                  | to",
            "{\"to\":\"+1 555 CALL NOW\",\"body\":\"hi\"}               | to",
            "{\"to\":\"12\",\"body\":\"hi\"}                            | to",
            "{\"to\":\"+1555123456789012\",\"body\":\"hi\"}             | to",
            "{\"to\":\"someone@\",\"body\":\"hi\"}                      | to",
            "{\"to\":\"+15551234567\"}                                  | body",
            "{\"to\":\"+15551234567\",\"body\":\"   \"}                 | body",
            "{\"to\":\"+15551234567\",\"body\":\"\",\"attachments\":[]} | body",
            "{\"to\":\"+15551234567\",\"body\":\"hi\",\"priority\":101} | priority",
            "{\"to\":\"+15551234567\",\"body\":\"hi\",\"priority\":-1}  | priority",
            "{\"to\":\"+15551234567\",\"attachments\":[\"ftp://x.org/a\"]}      | attachments[0]",
            "{\"to\":\"+15551234567\",\"attachments\":[\"not a url\"]}          | attachments[0]",
            "{\"to\":\"+15551234567\",\"attachments\":[\"file:///etc/passwd\"]} | attachments[0]",
            "{\"to\":\"+15551234567\",\"body\":\"hi\",\"fromNumber\":\"nonsense\"} | fromNumber",
    })
    void rejectsInvalidFields(String json, String field) {
        api().body(json)
                .post("/api/v1/messages")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("type", notNullValue())
                .body("title", equalTo("Bad Request"))
                .body("errors.field", hasItem(field));
    }

    /** JSON types are strict: nothing is coerced. */
    @ParameterizedTest(name = "{0} -> 400 on {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"to\":\"+15551234567\",\"body\":\"hi\",\"priority\":\"5\"} | priority",
            "{\"to\":\"+15551234567\",\"body\":\"hi\",\"priority\":1.5}   | priority",
            "{\"to\":\"+15551234567\",\"body\":\"hi\",\"priority\":true}  | priority",
            "{\"to\":\"+15551234567\",\"body\":123}                       | body",
            "{\"to\":15551234567,\"body\":\"hi\"}                         | to",
            "{\"to\":\"+15551234567\",\"body\":\"hi\",\"attachments\":\"https://x.org/a\"} | attachments",
            "{\"to\":\"+15551234567\",\"body\":\"hi\",\"attachments\":[1]}  | attachments[0]",
            "{\"to\":\"+15551234567\",\"body\":{\"text\":\"hi\"}}         | body",
            "{\"to\":\"+15551234567\",\"body\":\"hi\",\"prioritty\":1}    | prioritty",
    })
    void rejectsWrongJsonTypesAndUnknownFields(String json, String field) {
        api().body(json)
                .post("/api/v1/messages")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(field));
    }

    @Test
    void reportsEveryInvalidFieldAtOnce() {
        api().body(Map.of("to", "nope", "priority", 500))
                .post("/api/v1/messages")
                .then().statusCode(400)
                .body("errors.field", hasItem("to"))
                .body("errors.field", hasItem("body"))
                .body("errors.field", hasItem("priority"));
    }

    @Test
    void rejectsMoreThanTenAttachments() {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            urls.add("https://example.com/" + i + ".jpg");
        }
        api().body(Map.of("to", "+15551234567", "attachments", urls))
                .post("/api/v1/messages")
                .then().statusCode(400).body("errors.field", hasItem("attachments"));
    }

    @Test
    void bodyOverTheLimitIs413() {
        api().body(Map.of("to", "+15551234567", "body", "a".repeat(MessageRules.MAX_BODY_CODE_POINTS + 1)))
                .post("/api/v1/messages")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413))
                .body("errors.field", hasItem("body"));
    }

    @Test
    void unknownFromNumberIs422() {
        api().body(Map.of("to", "+15551234567", "body", "hi", "fromNumber", "+15557778888"))
                .post("/api/v1/messages")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("fromNumber"));
    }

    @Test
    void registeredFromNumberIsNormalisedAndAccepted() {
        api().body(Map.of("to", "+15551234567", "body", "hi", "fromNumber", "REGISTERED@icloud.com"))
                .post("/api/v1/messages")
                .then().statusCode(201).body("fromNumber", equalTo("registered@icloud.com"));
        api().body(Map.of("to", "+15551234567", "body", "hi", "fromNumber", "+1 555 000 9999"))
                .post("/api/v1/messages")
                .then().statusCode(201).body("fromNumber", equalTo(PARKED_ACCOUNT));
    }

    /** However malformed, a request never gets a 500. */
    @ParameterizedTest
    @ValueSource(strings = {"", "{", "}", "null", "[]", "[1,2]", "\"text\"", "42", "{\"to\":}", "{\"to\":\"+15551234567\",}",
            "{\"to\":\"+15551234567\",\"body\":\"hi\"} trailing", "\u0000\u0001", "{\"to\":null,\"body\":null}",
            "{\"attachments\":null}", "{\"attachments\":[null]}", "{\"priority\":null,\"to\":\"+15551234567\",\"body\":\"x\"}",
            "{\"priority\":99999999999999999999}", "{\"to\":\"" + "9" + "\"}", "{\"to\":[],\"body\":[]}"})
    void malformedBodiesAreClientErrors(String json) {
        api().body(json)
                .post("/api/v1/messages")
                .then().statusCode(lessThan(500))
                .contentType(containsString("json"));
    }

    @Test
    void wrongContentTypeIsAClientError() {
        api().contentType("text/plain").body("to=+15551234567")
                .post("/api/v1/messages")
                .then().statusCode(415)
                .contentType("application/problem+json");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "page=0           | page", "page=-1 | page", "page=abc | page", "page=1.5 | page",
            "limit=0          | limit", "limit=101 | limit", "limit=x | limit",
            "direction=sideways | direction", "participant=not-a-phone | participant"})
    void rejectsBadListParameters(String query, String field) {
        api().get("/api/v1/messages?" + query)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(field));
    }
}
