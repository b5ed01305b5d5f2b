package dev.imessagegateway.agent.attachments;

import static dev.imessagegateway.agent.testing.TestGateway.status;
import static dev.imessagegateway.agent.testing.TestGateway.type;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imessagegateway.agent.testing.RunningAgent;
import dev.imessagegateway.agent.testing.Shapes;
import dev.imessagegateway.agent.testing.TestGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code attachments} capability over real sockets, against a gateway that serves and stores files. */
class AttachmentsTest {
    @TempDir
    Path dir;

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    RunningAgent start(String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--attachments-dir", dir.resolve("staging").toString(),
                "--inbox-dir", dir.resolve("inbox").toString(), "--poll-interval", "20ms"));
        args.addAll(List.of(extra));
        return RunningAgent.start(dir, args.toArray(String[]::new));
    }

    List<JsonNode> sentLog(RunningAgent a) throws Exception {
        return Files.readAllLines(a.sentLog).stream().map(l -> {
            try {
                return TestGateway.JSON.readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    long stagedDirs() throws Exception {
        Path staging = dir.resolve("staging");
        if (!Files.exists(staging)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(staging)) {
            return s.count();
        }
    }

    // ------------------------------------------------------------------ outbound

    @Test
    void threeAttachmentsArePulledStagedByteIdenticalBeforeOkAndListedInTheSentLog() throws Exception {
        byte[] photo = random(300_000, 1);
        byte[] pdf = random(1234, 2);
        byte[] empty = new byte[0];
        try (RunningAgent a = start(); TestGateway g = a.gateway()) {
            assertTrue(g.received().get(0).path("data").path("capabilities").toString().contains("\"attachments\""));
            JsonNode ok = g.sendWithAttachments("m-1", "+15557654321", "",
                    g.ref("att_1", "IMG_0001.JPG", "image/jpeg", photo),
                    g.ref("att_2", "../../etc/passwd", "application/pdf", pdf),
                    g.ref("att_3", "", "text/plain", empty));
            assertEquals("ok", ok.path("type").asText(), ok.toString());
            assertEquals("accepted", ok.path("data").path("state").asText());
            int okIndex = g.received().indexOf(ok);
            List<JsonNode> gets = g.all(type("attachment.get"));
            assertEquals(2 + 1 + 1, gets.size(), "300000 bytes in two chunks, the others in one each");
            assertTrue(gets.stream().allMatch(f -> g.received().indexOf(f) < okIndex), "all files pulled before ok");
            assertEquals(List.of(0L, 262144L), gets.stream().filter(f -> f.path("data").path("attachmentId").asText().equals("att_1"))
                    .map(f -> f.path("data").path("offset").asLong()).toList());

            g.await(status("m-1", "sent"));
            JsonNode line = sentLog(a).get(0);
            JsonNode files = line.path("attachments");
            assertEquals(3, files.size(), line.toString());
            byte[][] contents = {photo, pdf, empty};
            String[] names = {"IMG_0001.JPG", "passwd", "att_3"};
            for (int i = 0; i < 3; i++) {
                JsonNode f = files.get(i);
                Path staged = Path.of(f.path("path").asText());
                assertEquals(names[i], f.path("filename").asText());
                assertEquals(names[i], staged.getFileName().toString());
                assertEquals(dir.resolve("staging"), staged.getParent().getParent(), "staged as <dir>/<uuid>/<filename>");
                assertEquals(contents[i].length, f.path("size").asLong());
                assertEquals(TestGateway.sha256(contents[i]), f.path("sha256").asText());
                assertEquals(TestGateway.sha256(contents[i]), Attachments.sha256(staged), "byte-identical staged file");
            }
        }
    }

    @Test
    void aChecksumMismatchIsAttachmentFailedWithoutLedgerEntryAndALaterCorrectSendSucceeds() throws Exception {
        byte[] content = random(5000, 3);
        try (RunningAgent a = start(); TestGateway g = a.gateway()) {
            ObjectNode wrong = g.ref("att_1", "a.bin", "application/octet-stream", content).put("sha256", "0".repeat(64));
            JsonNode err = g.sendWithAttachments("m-1", "+15557654321", "see file", wrong);
            assertEquals("error", err.path("type").asText());
            assertEquals("attachment_failed", err.path("data").path("code").asText());
            assertTrue(err.path("data").path("retryable").asBoolean());
            JsonNode q = g.request("query", (ObjectNode) TestGateway.JSON.readTree("{\"messageIds\":[\"m-1\"]}"));
            assertEquals("unknown", q.path("data").path("messages").get(0).path("state").asText(), "not in the ledger");
            assertEquals(0, stagedDirs(), "nothing left staged");

            ObjectNode tooShort = g.ref("att_1", "a.bin", "application/octet-stream", content).put("size", 4000);
            assertEquals("attachment_failed", g.sendWithAttachments("m-1", "+15557654321", "see file", tooShort)
                    .path("data").path("code").asText());
            JsonNode unknown = g.sendWithAttachments("m-1", "+15557654321", "see file",
                    g.ref("att_x", "x", "text/plain", content).put("attachmentId", "att_nope"));
            assertEquals("attachment_failed", unknown.path("data").path("code").asText());
            assertTrue(unknown.path("data").path("message").asText().contains("not_found"), unknown.toString());

            JsonNode ok = g.sendWithAttachments("m-1", "+15557654321", "see file", g.ref("att_1", "a.bin", null, content));
            assertEquals("accepted", ok.path("data").path("state").asText(), ok.toString());
            g.await(status("m-1", "sent"));
            assertEquals(List.of("m-1"), a.sentIds());

            int gets = g.all(type("attachment.get")).size();
            JsonNode dup = g.sendWithAttachments("m-1", "+15557654321", "see file", g.ref("att_1", "a.bin", null, content));
            assertTrue(dup.path("data").path("duplicate").asBoolean(), dup.toString());
            assertEquals(gets, g.all(type("attachment.get")).size(), "a duplicate is not pulled again");
            assertEquals(1, stagedDirs());
        }
    }

    @Test
    void aLargeFileIsPulledInManyChunksOfAtMost256KiB() throws Exception {
        byte[] big = random(5 * 1024 * 1024 + 17, 4);
        try (RunningAgent a = start(); TestGateway g = a.gateway()) {
            JsonNode ok = g.sendWithAttachments("m-big", "+15557654321", "video", g.ref("att_big", "clip.mov", "video/quicktime", big));
            assertEquals("accepted", ok.path("data").path("state").asText(), ok.toString());
            List<JsonNode> gets = g.all(type("attachment.get"));
            assertEquals(21, gets.size());
            assertTrue(gets.stream().allMatch(f -> f.path("data").path("length").asInt() <= 262144));
            g.await(status("m-big", "sent"));
            Path staged = Path.of(sentLog(a).get(0).path("attachments").get(0).path("path").asText());
            assertEquals(big.length, Files.size(staged));
            assertEquals(TestGateway.sha256(big), Attachments.sha256(staged));
        }
    }

    @Test
    void attachmentFramesMatchTheExampleVectors() throws Exception {
        List<JsonNode> vectors = new java.util.ArrayList<>();
        try (java.io.InputStream in = AttachmentsTest.class.getResourceAsStream("/attachment-frames-v1.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    dev.imessagegateway.agent.protocol.Frame f = dev.imessagegateway.agent.protocol.FrameCodec.decode(line);
                    assertEquals(TestGateway.JSON.readTree(line), TestGateway.JSON.readTree(
                            dev.imessagegateway.agent.protocol.FrameCodec.encode(f)), line);
                    vectors.add(TestGateway.JSON.readTree(line));
                }
            }
        }
        byte[] content = "test".getBytes(StandardCharsets.UTF_8);
        Path f = inboxFile("IMG_0001.HEIC", content);
        try (RunningAgent a = start(); TestGateway g = a.gateway().autoAck(true)) {
            g.sendWithAttachments("m-v", "+15557654321", "", g.ref("att_01JDZ0000000000000000000", "IMG_0001.HEIC", "image/heic", content));
            JsonNode get = g.await(type("attachment.get"));
            assertEquals(Shapes.shape(vectors.get(0)), Shapes.shape(get));
            assertEquals(vectors.get(0).path("data"), get.path("data"), "the vector is exactly what the agent asks");
            dropInbound("", f);
            JsonNode put = g.await(type("attachment.put"));
            assertEquals(Shapes.shape(vectors.get(2)), Shapes.shape(put));
            assertEquals(vectors.get(2).path("data"), put.path("data"), "the vector is exactly what the agent uploads");
            assertEquals(Shapes.shape(vectors.get(4).path("data")), Shapes.shape(TestGateway.JSON.readTree(
                    "{\"code\":\"bad_offset\",\"message\":\"m\",\"retryable\":true,\"expected\":1}")));
        }
    }

    // ------------------------------------------------------------------ inbound

    Path inboxFile(String name, byte[] content) throws Exception {
        Path p = dir.resolve("files").resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        return p;
    }

    void dropInbound(String body, Path... files) throws Exception {
        Files.createDirectories(dir.resolve("inbox"));
        StringBuilder att = new StringBuilder();
        for (Path f : files) {
            att.append(att.length() == 0 ? "" : ",").append(TestGateway.JSON.writeValueAsString(f.toString()));
        }
        Path tmp = dir.resolve("in.tmp");
        Files.writeString(tmp, "{\"from\":\"+15557654321\",\"body\":" + TestGateway.JSON.writeValueAsString(body)
                + ",\"attachments\":[" + att + "]}");
        Files.move(tmp, dir.resolve("inbox").resolve(System.nanoTime() + ".json"));
    }

    @Test
    void inboundFilesAreUploadedBeforeTheEventWhichListsThem() throws Exception {
        byte[] heic = random(600_000, 5);
        byte[] txt = "hello\n".getBytes(StandardCharsets.UTF_8);
        Path f1 = inboxFile("IMG_0001.HEIC", heic);
        Path f2 = inboxFile("notes.txt", txt);
        try (RunningAgent a = start(); TestGateway g = a.gateway().autoAck(true)) {
            dropInbound("two files", f1, f2);
            JsonNode in = g.await(type("inbound"));
            int inIndex = g.received().indexOf(in);
            List<JsonNode> puts = g.all(type("attachment.put"));
            assertEquals(3 + 1, puts.size(), "600000 bytes in three chunks, 6 bytes in one");
            assertTrue(puts.stream().allMatch(p -> g.received().indexOf(p) < inIndex), "uploads before the event");
            assertTrue(puts.stream().allMatch(p -> Base64Len.raw(p) <= 262144));
            JsonNode listed = in.path("data").path("attachments");
            assertEquals(2, listed.size(), in.toString());
            assertEquals("IMG_0001.HEIC", listed.get(0).path("filename").asText());
            assertEquals("image/heic", listed.get(0).path("mimeType").asText());
            assertEquals(heic.length, listed.get(0).path("size").asLong());
            assertEquals(TestGateway.sha256(heic), listed.get(0).path("sha256").asText());
            assertEquals("notes.txt", listed.get(1).path("filename").asText());
            assertEquals("text/plain", listed.get(1).path("mimeType").asText());
            assertArrayEquals(heic, g.stored().get(TestGateway.sha256(heic)), "byte-identical at the gateway");
            assertArrayEquals(txt, g.stored().get(TestGateway.sha256(txt)));
            JsonNode firstPut = puts.get(0).path("data");
            assertEquals(0, firstPut.path("offset").asLong());
            assertFalse(firstPut.path("eof").asBoolean());
            assertEquals(heic.length, firstPut.path("size").asLong());
            g.sync();
            assertEquals(1, g.all(type("inbound")).size());
        }
    }

    /** Raw byte length of an attachment.put chunk. */
    static final class Base64Len {
        static int raw(JsonNode put) {
            return java.util.Base64.getDecoder().decode(put.path("data").path("data").asText()).length;
        }
    }

    @Test
    void anUploadCutEarlierResumesFromTheGatewaysOffset() throws Exception {
        byte[] content = random(700_000, 6);
        Path f = inboxFile("clip.mov", content);
        try (RunningAgent a = start(); TestGateway g = a.gateway().autoAck(true)) {
            g.preload(TestGateway.sha256(content), java.util.Arrays.copyOf(content, 2 * 262144));
            dropInbound("resume", f);
            JsonNode in = g.await(type("inbound"));
            assertEquals(1, in.path("data").path("attachments").size());
            List<Long> offsets = g.all(type("attachment.put")).stream().map(p -> p.path("data").path("offset").asLong()).toList();
            assertEquals(List.of(0L, 2L * 262144), offsets, "bad_offset at 0, resumed at the expected offset");
            assertArrayEquals(content, g.stored().get(TestGateway.sha256(content)));
        }
    }

    @Test
    void aChecksumMismatchRestartsTheUploadFromZero() throws Exception {
        byte[] content = random(300_000, 7);
        Path f = inboxFile("a.png", content);
        try (RunningAgent a = start(); TestGateway g = a.gateway().autoAck(true)) {
            g.corruptNextUploads(1);
            dropInbound("corrupted in transit", f);
            g.await(type("inbound"));
            List<Long> offsets = g.all(type("attachment.put")).stream().map(p -> p.path("data").path("offset").asLong()).toList();
            assertEquals(List.of(0L, 262144L, 0L, 262144L), offsets);
            assertArrayEquals(content, g.stored().get(TestGateway.sha256(content)));
        }
    }

    @Test
    void attachmentMissingMakesTheAgentUploadAgainAndResend() throws Exception {
        byte[] c1 = random(1000, 8);
        byte[] c2 = random(2000, 9);
        Path f1 = inboxFile("one.jpg", c1);
        Path f2 = inboxFile("two.jpg", c2);
        try (RunningAgent a = start(); TestGateway g = a.gateway().autoAck(true)) {
            g.missingOnNextInbound(1);
            dropInbound("lost", f1, f2);
            await().atMost(TestGateway.WAIT).until(() -> g.all(type("inbound")).size() == 2);
            g.sync();
            List<JsonNode> events = g.all(type("inbound"));
            assertEquals(events.get(0).path("data").path("eventId"), events.get(1).path("data").path("eventId"), "the same event, resent");
            List<JsonNode> puts = g.all(type("attachment.put"));
            assertEquals(4, puts.size(), "both files uploaded twice");
            int first = -1;
            int second = -1;
            for (int i = 0; i < g.received().size(); i++) { // by identity: the two sends are equal frames
                if (g.received().get(i) == events.get(0)) {
                    first = i;
                } else if (g.received().get(i) == events.get(1)) {
                    second = i;
                }
            }
            assertTrue(first < second);
            assertTrue(g.received().indexOf(puts.get(2)) > first && g.received().indexOf(puts.get(3)) < second,
                    "re-uploaded between the two sends");
            assertArrayEquals(c2, g.stored().get(TestGateway.sha256(c2)));
        }
    }

    @Test
    void anInboundEventWithFilesSurvivesARestartAndIsUploadedOnTheNextConnection() throws Exception {
        byte[] content = random(400_000, 10);
        Path f = inboxFile("later.bin", content);
        try (RunningAgent a = start()) {
            dropInbound("nobody connected", f);
            await().atMost(TestGateway.WAIT).until(() -> {
                try (Stream<Path> s = Files.list(dir.resolve("inbox"))) {
                    return s.findAny().isEmpty();
                }
            });
        }
        try (RunningAgent b = start(); TestGateway g = b.gateway().autoAck(true)) {
            JsonNode in = g.await(type("inbound"));
            assertEquals("nobody connected", in.path("data").path("body").asText());
            assertEquals(TestGateway.sha256(content), in.path("data").path("attachments").get(0).path("sha256").asText());
            assertArrayEquals(content, g.stored().get(TestGateway.sha256(content)));
        }
    }
}
