package dev.imessagegateway.bulk;

import dev.imessagegateway.support.Api;
import dev.imessagegateway.support.Simulator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.imessagegateway.support.Api.PARKED_ACCOUNT;
import static dev.imessagegateway.support.Api.api;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class BulkJobTest {

    @Inject
    Pool pool;

    private static List<Map<String, Object>> entries(int n, String bodyPrefix) {
        List<Map<String, Object>> list = new ArrayList<>();
        long base = 4_000_000L + (System.nanoTime() / 1000 % 5_000_000L);
        for (int i = 0; i < n; i++) {
            list.add(Map.of("to", "+1555" + (base + i), "body", bodyPrefix + " " + i));
        }
        return list;
    }

    private static String create(Map<String, Object> body) {
        return api().body(body).post("/api/v1/messages/bulk")
                .then().statusCode(201)
                .header("Location", matchesPattern(".*/api/v1/messages/bulk/bulk_[0-9A-Z]{26}$"))
                .body("jobId", matchesPattern("bulk_[0-9A-Z]{26}"))
                .body("status", equalTo("processing"))
                .body("createdAt", notNullValue())
                .extract().path("jobId");
    }

    private long messagesOfJob(String jobId) {
        return pool.preparedQuery("SELECT count(*) FROM message WHERE bulk_job_id = $1").execute(Tuple.of(jobId))
                .await().indefinitely().iterator().next().getLong(0);
    }

    @Test
    void oneBadEntryRejectsTheWholeJobAndNamesItsIndex() {
        List<Map<String, Object>> list = new ArrayList<>(entries(50, "ok"));
        list.set(17, Map.of("to", "not a phone", "body", "x"));
        list.set(33, Map.of("to", "+15551234567", "body", " "));
        long before = pool.query("SELECT count(*) FROM bulk_job").execute().await().indefinitely().iterator().next().getLong(0);
        api().body(Map.of("messages", list)).post("/api/v1/messages/bulk")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("messages[17].to", "messages[33].body"))
                .body("errors.size()", equalTo(2))
                .body("detail", containsString("2 of 50"));
        long after = pool.query("SELECT count(*) FROM bulk_job").execute().await().indefinitely().iterator().next().getLong(0);
        assertEquals(before, after, "nothing was created");
    }

    @Test
    void enforcesLimitsAndJobLevelRules() {
        api().body(Map.of("messages", List.of())).post("/api/v1/messages/bulk")
                .then().statusCode(400).body("errors.field", hasItem("messages"));
        api().body(Map.of("name", "no list")).post("/api/v1/messages/bulk")
                .then().statusCode(400).body("errors.field", hasItem("messages"));
        api().body(Map.of("messages", entries(10_001, "too many"))).post("/api/v1/messages/bulk")
                .then().statusCode(413).contentType("application/problem+json");
        api().body(Map.of("messages", entries(2, "x"), "priority", 101)).post("/api/v1/messages/bulk")
                .then().statusCode(400).body("errors.field", hasItem("priority"));
        api().body(Map.of("messages", entries(2, "x"), "fromNumber", "+15557776666")).post("/api/v1/messages/bulk")
                .then().statusCode(422).body("errors.field", hasItem("fromNumber"));
        api().body("{\"messages\":[{\"to\":\"+15551234567\",\"body\":\"x\",\"priority\":3}]}").post("/api/v1/messages/bulk")
                .then().statusCode(400).body("errors.field", hasItem("messages[0].priority"));
        api().body("{\"messages\":\"+15551234567\"}").post("/api/v1/messages/bulk")
                .then().statusCode(400);
    }

    @Test
    void jobProgressesThroughTheSimulatedAgentToCompleted() {
        String jobId = create(Map.of("messages", entries(40, "hello"), "priority", 5, "name", "progress test"));
        // The list alone (no detail read in between) must report the job completed once its messages are.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                "completed".equals(api().get("/api/v1/messages/bulk?limit=100")
                        .path("data.find { it.jobId == '" + jobId + "' }.status")));
        api().get("/api/v1/messages/bulk/" + jobId)
                .then().statusCode(200)
                .body("jobId", equalTo(jobId))
                .body("name", equalTo("progress test"))
                .body("totalRecipients", equalTo(40))
                .body("priority", equalTo(5))
                .body("counts.delivered", equalTo(40))
                .body("counts.queued", equalTo(0))
                .body("counts.sending", equalTo(0))
                .body("completed", equalTo(40))
                .body("percentComplete", equalTo(100.0f))
                .body("completedAt", notNullValue());
        String someMessage = api().get("/api/v1/messages/bulk/" + jobId + "/results?limit=1").path("data[0].messageId");
        api().get("/api/v1/messages/" + someMessage)
                .then().body("bulkJobId", equalTo(jobId)).body("priority", equalTo(5));
        api().get("/api/v1/messages/bulk")
                .then().statusCode(200)
                .body("data.jobId", hasItem(jobId))
                .body("data.find { it.jobId == '" + jobId + "' }.progress", equalTo(100.0f))
                .body("data.find { it.jobId == '" + jobId + "' }.status", equalTo("completed"));
    }

    @Test
    void countsFollowEveryStateExactly() {
        // Parked: nobody can send from this account, so the job stays queued; then cancel half of it by hand.
        String jobId = create(Map.of("messages", entries(10, "parked"), "fromNumber", PARKED_ACCOUNT));
        api().get("/api/v1/messages/bulk/" + jobId)
                .then().body("counts.queued", equalTo(10)).body("completed", equalTo(0)).body("percentComplete", equalTo(0.0f))
                .body("status", equalTo("processing")).body("fromNumber", equalTo(PARKED_ACCOUNT));
        List<String> ids = api().get("/api/v1/messages/bulk/" + jobId + "/results?limit=100").path("data.messageId");
        for (String id : ids.subList(0, 3)) {
            api().delete("/api/v1/messages/" + id).then().statusCode(200);
        }
        pool.preparedQuery("UPDATE message SET status = 'dead_letter' WHERE id = ANY($1)")
                .execute(Tuple.of((Object) ids.subList(3, 5).toArray(new String[0]))).await().indefinitely();
        api().get("/api/v1/messages/bulk/" + jobId)
                .then().body("counts.queued", equalTo(5)).body("counts.cancelled", equalTo(3))
                .body("counts.deadLetter", equalTo(2)).body("completed", equalTo(5)).body("percentComplete", equalTo(50.0f));
        Map<String, Long> truth = new HashMap<>();
        pool.preparedQuery("SELECT status, count(*) FROM message WHERE bulk_job_id = $1 GROUP BY status")
                .execute(Tuple.of(jobId)).await().indefinitely()
                .forEach(r -> truth.put(r.getString(0), r.getLong(1)));
        assertEquals(Map.of("queued", 5L, "cancelled", 3L, "dead_letter", 2L), truth);
    }

    @Test
    void cancelStopsWhatNoAgentHoldsYet() {
        String jobId = create(Map.of("messages", entries(20, "cancel me"), "fromNumber", PARKED_ACCOUNT));
        api().post("/api/v1/messages/bulk/" + jobId + "/cancel")
                .then().statusCode(200)
                .body("status", equalTo("cancelled"))
                .body("counts.cancelled", equalTo(20))
                .body("cancelledAt", notNullValue());
        api().get("/api/v1/messages/bulk/" + jobId + "/results?status=cancelled")
                .then().body("total", equalTo(20));
        api().post("/api/v1/messages/bulk/" + jobId + "/cancel").then().statusCode(200);
        api().post("/api/v1/messages/bulk/bulk_nope/cancel").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void cancelMidJobLetsHandedOverMessagesFinish() {
        var agent = Simulator.agent();
        agent.holdOutcomes(true);
        try {
            String jobId = create(Map.of("messages", entries(200, "mid-job")));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    api().get("/api/v1/messages/bulk/" + jobId).<Integer>path("counts.sending") > 0);
            api().post("/api/v1/messages/bulk/" + jobId + "/cancel").then().statusCode(200);
            agent.holdOutcomes(false);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                Response r = api().get("/api/v1/messages/bulk/" + jobId);
                return r.<Integer>path("counts.sending") == 0 && r.<Integer>path("counts.sent") == 0;
            });
            Response r = api().get("/api/v1/messages/bulk/" + jobId);
            int delivered = r.path("counts.delivered");
            int cancelled = r.path("counts.cancelled");
            assertTrue(delivered > 0 && cancelled > 0, "some went out, the rest were cancelled: " + r.asString());
            assertEquals(200, delivered + cancelled);
            assertEquals("cancelled", r.path("status"));
        } finally {
            agent.holdOutcomes(false);
        }
    }

    @Test
    void resultsPaginateAndFilterByStatus() {
        String jobId = create(Map.of("messages", entries(45, "page"), "fromNumber", PARKED_ACCOUNT));
        Set<String> seen = new HashSet<>();
        for (int page = 1; page <= 3; page++) {
            List<String> ids = api().get("/api/v1/messages/bulk/" + jobId + "/results?limit=20&page=" + page)
                    .then().statusCode(200)
                    .body("total", equalTo(45)).body("totalPages", equalTo(3))
                    .body("data.status", everyItem(equalTo("queued")))
                    .body("data.attempts", everyItem(equalTo(0)))
                    .extract().path("data.messageId");
            assertEquals(page < 3 ? 20 : 5, ids.size());
            seen.addAll(ids);
        }
        assertEquals(45, seen.size());
        api().get("/api/v1/messages/bulk/" + jobId + "/results?status=delivered")
                .then().body("total", equalTo(0)).body("totalPages", equalTo(0));
        api().get("/api/v1/messages/bulk/" + jobId + "/results?status=bogus").then().statusCode(400);
        api().get("/api/v1/messages/bulk/bulk_nope/results").then().statusCode(404);
        api().get("/api/v1/messages/bulk/bulk_nope").then().statusCode(404);
    }

    @Test
    void exportsAllResultsAsNdjsonBeyondOnePage() {
        String jobId = create(Map.of("messages", entries(2500, "export"), "fromNumber", PARKED_ACCOUNT));
        String ndjson = api().accept("application/x-ndjson")
                .get("/api/v1/messages/bulk/" + jobId + "/results")
                .then().statusCode(200)
                .contentType(containsString("application/x-ndjson"))
                .extract().asString();
        List<String> lines = ndjson.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(2500, lines.size());
        assertTrue(lines.get(0).startsWith("{") && lines.get(0).contains("\"messageId\""), lines.get(0));
        assertEquals(2500, lines.stream().map(l -> l.replaceAll(".*\"messageId\":\"([^\"]+)\".*", "$1")).distinct().count());
    }

    @Test
    void acceptsTenThousandRecipientsInOneTransaction() {
        String jobId = create(Map.of("messages", entries(10_000, "ten thousand"), "fromNumber", PARKED_ACCOUNT, "name", "10k"));
        assertEquals(10_000, messagesOfJob(jobId));
        api().get("/api/v1/messages/bulk/" + jobId)
                .then().body("totalRecipients", equalTo(10_000)).body("counts.queued", equalTo(10_000));
    }
}
