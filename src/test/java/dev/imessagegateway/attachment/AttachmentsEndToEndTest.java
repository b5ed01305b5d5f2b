package dev.imessagegateway.attachment;

import dev.imessagegateway.support.Api;
import dev.imessagegateway.support.Simulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.imessagegateway.support.Api.api;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@TestProfile(AttachmentsEndToEndTest.Profile.class)
class AttachmentsEndToEndTest {

    /** Loopback is opened explicitly for the test file server; files up to 1 MB; 3 attempts. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "gateway.attachments.allowed-hosts", "127.0.0.1",
                    "gateway.attachments.max-file-bytes", "1000000",
                    "gateway.attachments.dir", "target/test-attachments",
                    "gateway.attachments.signing-key", "test-signing-secret",
                    "gateway.dispatch.max-attempts", "3");
        }
    }

    static FileServer server;
    static byte[] photo = bytes(300_000, 1);
    static byte[] document = bytes(700_001, 2);
    static byte[] notes = "notes, with ümlauts\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @BeforeAll
    static void start() throws Exception {
        server = new FileServer()
                .file("/photo.jpg", photo)
                .file("/files/report.pdf", document)
                .file("/notes.txt", notes)
                .file("/big.bin", bytes(1_500_000, 3));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void threeAttachmentsReachTheAgentByteIdentical() throws Exception {
        String id = Api.send(Map.of("to", Api.uniquePhone(), "body", "three files",
                "attachments", List.of(server.url("/photo.jpg"), server.url("/files/report.pdf"), server.url("/notes.txt"))));
        Simulator.awaitStatus(id, "delivered");
        List<Path> staged = Simulator.agent().stagedFiles(id);
        assertEquals(3, staged.size());
        assertArrayEquals(photo, Files.readAllBytes(staged.get(0)));
        assertArrayEquals(document, Files.readAllBytes(staged.get(1)));
        assertArrayEquals(notes, Files.readAllBytes(staged.get(2)));
        assertEquals("notes.txt", staged.get(2).getFileName().toString(), "name from Content-Disposition");

        api().get("/api/v1/messages/" + id + "/attachments")
                .then().statusCode(200)
                .body("size()", equalTo(3))
                .body("[0].filename", equalTo("photo.jpg"))
                .body("[0].mimeType", equalTo("image/jpeg"))
                .body("[0].size", equalTo(photo.length))
                .body("[0].sha256", equalTo(sha(photo)))
                .body("[1].filename", equalTo("report.pdf"))
                .body("[2].mimeType", equalTo("text/plain"))
                .body("[0].url", containsString("/api/v1/attachments/"));
        String url = api().get("/api/v1/messages/" + id + "/attachments").path("[1].url");
        byte[] downloaded = RestAssured.given().get(url) // no API key: the signed link is enough
                .then().statusCode(200)
                .header("Content-Length", String.valueOf(document.length))
                .header("Content-Disposition", containsString("report.pdf"))
                .extract().asByteArray();
        assertArrayEquals(document, downloaded);
    }

    @Test
    void missingUrlIsRetriedThenDeadLettered() {
        String id = Api.send(Map.of("to", Api.uniquePhone(), "body", "broken link", "attachments", List.of(server.url("/gone.jpg"))));
        Map<String, Object> m = Simulator.awaitStatus(id, "dead_letter");
        assertEquals(3, m.get("attempts"));
        assertTrue(String.valueOf(m.get("lastError")).contains("HTTP 404"), String.valueOf(m.get("lastError")));
        assertEquals(0, Simulator.agent().sendRequests(id), "never handed over without its files");
    }

    @Test
    void fileOverTheSizeLimitGoesStraightToDeadLetter() {
        String id = Api.send(Map.of("to", Api.uniquePhone(), "body", "too big", "attachments", List.of(server.url("/big.bin"))));
        Map<String, Object> m = Simulator.awaitStatus(id, "dead_letter");
        assertEquals(1, m.get("attempts"));
        assertTrue(String.valueOf(m.get("lastError")).contains("too large"), String.valueOf(m.get("lastError")));
    }

    @Test
    void privateAndLoopbackNamesAreRefused() {
        for (String url : List.of("http://10.20.30.40/x.jpg", "http://169.254.169.254/latest", "http://localhost:" + server.port() + "/photo.jpg",
                "http://[::1]:" + server.port() + "/photo.jpg")) {
            String id = Api.send(Map.of("to", Api.uniquePhone(), "body", "ssrf", "attachments", List.of(url)));
            Map<String, Object> m = Simulator.awaitStatus(id, "dead_letter");
            assertTrue(String.valueOf(m.get("lastError")).contains("not allowed"), url + ": " + m.get("lastError"));
        }
    }

    @Test
    void inboundAttachmentsAreDownloadableWithMatchingSha256AndRanges() throws Exception {
        byte[] picture = bytes(600_000, 4); // three chunks over the socket
        Path file = Files.createTempFile("inbound", ".heic");
        Files.write(file, picture);
        String person = Api.uniquePhone();
        Simulator.agent().inboundWithFiles(person, "look at this", List.of(file));
        await().atMost(Duration.ofSeconds(15)).until(() ->
                api().get("/api/v1/messages?direction=received&participant=" + person).<Integer>path("total") == 1);
        String messageId = api().get("/api/v1/messages?direction=received&participant=" + person).path("data[0].id");
        String attachmentId = api().get("/api/v1/messages/" + messageId + "/attachments")
                .then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].sha256", equalTo(sha(picture)))
                .body("[0].size", equalTo(picture.length))
                .extract().path("[0].id");
        byte[] whole = api().get("/api/v1/attachments/" + attachmentId + "/content").then().statusCode(200).extract().asByteArray();
        assertArrayEquals(picture, whole);

        byte[] middle = api().header("Range", "bytes=1000-1999").get("/api/v1/attachments/" + attachmentId + "/content")
                .then().statusCode(206)
                .header("Content-Range", "bytes 1000-1999/" + picture.length)
                .header("Content-Length", "1000")
                .extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(picture, 1000, 2000), middle);
        byte[] tail = api().header("Range", "bytes=-10").get("/api/v1/attachments/" + attachmentId + "/content")
                .then().statusCode(206).extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(picture, picture.length - 10, picture.length), tail);
        api().header("Range", "bytes=" + picture.length + "-").get("/api/v1/attachments/" + attachmentId + "/content")
                .then().statusCode(416).header("Content-Range", "bytes */" + picture.length);
    }

    @Test
    void signedLinksRejectTamperingAndExpiry() throws Exception {
        String id = Api.send(Map.of("to", Api.uniquePhone(), "body", "link", "attachments", List.of(server.url("/notes.txt"))));
        Simulator.awaitStatus(id, "delivered");
        String url = api().get("/api/v1/messages/" + id + "/attachments").path("[0].url");
        String attachmentId = api().get("/api/v1/messages/" + id + "/attachments").path("[0].id");
        RestAssured.given().get(url).then().statusCode(200);
        RestAssured.given().get(url.replaceAll("token=.", "token=X")).then().statusCode(403).contentType("application/problem+json");
        RestAssured.given().get(url.replaceAll("expires=(\\d+)", "expires=9$1")).then().statusCode(403);
        long past = Instant.now().minusSeconds(60).getEpochSecond();
        String expired = "/api/v1/attachments/" + attachmentId + "/content?expires=" + past + "&token="
                + new LinkSigner("test-signing-secret").sign(attachmentId, past);
        RestAssured.given().get(expired).then().statusCode(403).body("detail", containsString("expired"));
        RestAssured.given().get("/api/v1/attachments/" + attachmentId + "/content").then().statusCode(401);
        api().get("/api/v1/attachments/att_unknown/content").then().statusCode(404);
    }
}
