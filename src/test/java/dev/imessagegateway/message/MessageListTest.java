package dev.imessagegateway.message;

import dev.imessagegateway.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static dev.imessagegateway.support.Api.PARKED_ACCOUNT;
import static dev.imessagegateway.support.Api.api;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasKey;

@QuarkusTest
class MessageListTest {

    @Inject
    Pool pool;

    private List<String> sendMany(String to, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(Api.send(Map.of("to", to, "body", "n" + i, "fromNumber", PARKED_ACCOUNT)));
        }
        return ids;
    }

    @Test
    void paginatesNewestFirstWithExactTotals() {
        String to = Api.uniquePhone();
        List<String> ids = sendMany(to, 5);
        Collections.reverse(ids);

        api().get("/api/v1/messages?participant=" + to + "&limit=2&page=1")
                .then().statusCode(200)
                .body("data.id", equalTo(ids.subList(0, 2)))
                .body("page", equalTo(1))
                .body("limit", equalTo(2))
                .body("total", equalTo(5))
                .body("totalPages", equalTo(3));
        api().get("/api/v1/messages?participant=" + to + "&limit=2&page=3")
                .then().statusCode(200)
                .body("data.id", equalTo(ids.subList(4, 5)))
                .body("totalPages", equalTo(3));
        api().get("/api/v1/messages?participant=" + to + "&limit=2&page=4")
                .then().statusCode(200)
                .body("data.size()", equalTo(0))
                .body("total", equalTo(5))
                .body("page", equalTo(4));
        api().get("/api/v1/messages?participant=" + to + "&limit=100")
                .then().statusCode(200)
                .body("data.id", equalTo(ids))
                .body("totalPages", equalTo(1));
    }

    @Test
    void listItemsHaveEveryFieldWithNullsWhereNotReached() {
        String to = Api.uniquePhone();
        sendMany(to, 1);
        api().get("/api/v1/messages?participant=" + to)
                .then().statusCode(200)
                .body("data[0]", hasKey("sentAt"))
                .body("data[0]", hasKey("deliveredAt"))
                .body("data[0].keySet()", org.hamcrest.Matchers.hasItems("id", "direction", "to", "from", "body",
                        "priority", "status", "attempts", "createdAt", "sentAt", "deliveredAt"));
    }

    @Test
    void emptyResultHasZeroTotalPages() {
        api().get("/api/v1/messages?participant=" + Api.uniquePhone())
                .then().statusCode(200)
                .body("data.size()", equalTo(0))
                .body("total", equalTo(0))
                .body("totalPages", equalTo(0))
                .body("page", equalTo(1))
                .body("limit", equalTo(20));
    }

    @Test
    void defaultsToTwentyPerPageAndAcceptsLimitBounds() {
        api().get("/api/v1/messages?limit=1").then().statusCode(200).body("limit", equalTo(1));
        api().get("/api/v1/messages?limit=100").then().statusCode(200).body("limit", equalTo(100));
        api().get("/api/v1/messages").then().statusCode(200).body("limit", equalTo(20)).body("page", equalTo(1));
    }

    @Test
    void participantIsNormalisedLikeTo() {
        sendMany("+15551234567", 1);
        api().get("/api/v1/messages?participant=+1 (555) 123-4567")
                .then().statusCode(200)
                .body("total", greaterThanOrEqualTo(1))
                .body("data.to", everyItem(equalTo("+15551234567")));
        api().queryParam("participant", "+1 (555) 123-4567").get("/api/v1/messages")
                .then().statusCode(200)
                .body("total", greaterThanOrEqualTo(1));
    }

    @Test
    void filtersByDirectionAndMatchesTheSenderOfReceivedMessages() {
        String person = Api.uniquePhone();
        sendMany(person, 2);
        String inboundId = "msg_" + dev.imessagegateway.common.Ids.ulid();
        pool.preparedQuery("""
                        INSERT INTO message (id, direction, status, recipient, sender, participant, body, guid)
                        VALUES ($1, 'received', 'received', '+15550001111', $2, $2, 'hi back', $3)""")
                .execute(Tuple.of(inboundId, person, "GUID-" + inboundId))
                .await().indefinitely();

        api().get("/api/v1/messages?participant=" + person)
                .then().statusCode(200).body("total", equalTo(3)).body("data[0].id", equalTo(inboundId));
        api().get("/api/v1/messages?participant=" + person + "&direction=received")
                .then().statusCode(200)
                .body("total", equalTo(1))
                .body("data[0].direction", equalTo("received"))
                .body("data[0].status", equalTo("received"))
                .body("data[0].from", equalTo(person))
                .body("data[0].to", equalTo("+15550001111"));
        api().get("/api/v1/messages?participant=" + person + "&direction=sent")
                .then().statusCode(200)
                .body("total", equalTo(2))
                .body("data.direction", everyItem(equalTo("sent")));
    }

    @Test
    void queueStatsCountQueuedMessages() {
        int before = api().get("/api/v1/messages/queue/stats").then().statusCode(200)
                .body("$", hasKey("processing")).body("$", hasKey("failed")).body("$", hasKey("deadLetter"))
                .extract().path("pending");
        sendMany(Api.uniquePhone(), 3);
        api().get("/api/v1/messages/queue/stats")
                .then().statusCode(200)
                .body("pending", greaterThanOrEqualTo(before + 3));
    }
}
