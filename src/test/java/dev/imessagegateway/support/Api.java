package dev.imessagegateway.support;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.Map;

/** REST-assured requests with the test API key, and helpers to create messages. */
public final class Api {

    public static final String KEY = "test-key";
    /** Registered by configuration but owned by no agent: messages from it stay queued. */
    public static final String PARKED_ACCOUNT = "+15550009999";

    private Api() {
    }

    public static RequestSpecification api() {
        return RestAssured.given()
                .header("Authorization", "Bearer " + KEY)
                .contentType(ContentType.JSON);
    }

    /** Posts a message and returns its id (asserting 201). */
    public static String send(Map<String, Object> body) {
        return api().body(body)
                .post("/api/v1/messages")
                .then().statusCode(201)
                .extract().path("id");
    }

    /** A unique US phone number in E.164 for test isolation. */
    public static String uniquePhone() {
        long n = 2_000_000L + (System.nanoTime() / 1000 % 7_000_000L);
        return "+1555" + n;
    }
}
