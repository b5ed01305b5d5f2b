package dev.imessagegateway.auth;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
class ApiKeyTest {

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/messages", "/api/v1/messages/queue/stats", "/api/v1/messages/msg_x",
            "/api/v1/messages/msg_x/status", "/api/v1/messages/msg_x/attachments", "/api/v1/nothing-here"})
    void missingKeyIs401(String path) {
        given().get(path)
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("status", equalTo(401));
    }

    @Test
    void wrongKeyIs401() {
        given().header("Authorization", "Bearer test-keyX").get("/api/v1/messages")
                .then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Basic dGVzdC1rZXk6").get("/api/v1/messages")
                .then().statusCode(401);
        given().header("Authorization", "Bearer").get("/api/v1/messages")
                .then().statusCode(401);
    }

    @Test
    void postWithoutKeyIs401EvenWhenBodyIsBad() {
        given().contentType("application/json").body("{").post("/api/v1/messages")
                .then().statusCode(401);
    }

    @Test
    void everyConfiguredKeyWorks() {
        given().header("Authorization", "Bearer test-key").get("/api/v1/messages").then().statusCode(200);
        given().header("Authorization", "bearer second-test-key").get("/api/v1/messages").then().statusCode(200);
    }

    @Test
    void openApiOperationIdsAreUniqueForGeneratedClients() {
        java.util.Map<String, java.util.Map<String, Object>> paths =
                given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath().getMap("paths");
        java.util.List<Object> ids = paths.values().stream()
                .flatMap(ops -> ops.values().stream())
                .filter(op -> op instanceof java.util.Map)
                .<Object>map(op -> ((java.util.Map<?, ?>) op).get("operationId"))
                .toList();
        org.junit.jupiter.api.Assertions.assertTrue(ids.size() >= 14, "operations: " + ids);
        org.junit.jupiter.api.Assertions.assertEquals(ids.size(), new java.util.HashSet<>(ids).size(), "duplicates in " + ids);
        org.junit.jupiter.api.Assertions.assertTrue(ids.contains("createBulkJob") && ids.contains("downloadAttachment"), ids.toString());
    }

    @Test
    void healthAndOpenApiStayOpen() {
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/v1/messages'.post.operationId", equalTo("send"));
        RestAssured.given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }
}
