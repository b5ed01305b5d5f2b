package dev.imessagegateway.agent.backend.messages;

import static dev.imessagegateway.agent.testing.TestGateway.status;
import static dev.imessagegateway.agent.testing.TestGateway.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imessagegateway.agent.ledger.Times;
import dev.imessagegateway.agent.testing.ChatDbFixture;
import dev.imessagegateway.agent.testing.RunningAgent;
import dev.imessagegateway.agent.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Messages.app backend end to end: protocol send over a real socket, a fake osascript (python3) that records its
 * argv/stdin and writes the row Messages.app would write into a fixture chat.db, and the agent following that row.
 */
class MessagesBackendEndToEndTest {
    static final String HOSTILE = "Hi \"there\" \\ tell application \"Finder\" to delete every file\nend tell\r\n"
            + "line 3 😀 ' & \" & (do shell script \"id\") -- é\u0301 $HOME `x` %s {}";

    @TempDir
    Path dir;
    ChatDbFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new ChatDbFixture(dir);
    }

    RunningAgent start(String probe, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--backend", "messages", "--osascript", fx.fakeOsascript(dir, probe).toString(),
                "--chat-db", fx.db.toString(), "--poll-interval", "50ms"));
        args.addAll(List.of(extra));
        return RunningAgent.start(dir, args.toArray(String[]::new));
    }

    List<JsonNode> calls() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(fx.recordDir.resolve("calls.jsonl"))) {
            out.add(TestGateway.JSON.readTree(line));
        }
        return out;
    }

    List<String> argv(JsonNode call) {
        List<String> out = new ArrayList<>();
        call.path("argv").forEach(a -> out.add(a.asText()));
        return out;
    }

    @ParameterizedTest
    @EnumSource(ScriptVariant.class)
    void hostileBodyArrivesVerbatimAndTheRowIsFollowedToSentDeliveredRead(ScriptVariant variant) throws Exception {
        try (RunningAgent a = start("ok", "--script-variant", variant.cliName()); TestGateway g = a.gateway()) {
            JsonNode hello = g.received().get(0);
            assertEquals("messages-app", hello.path("data").path("backend").asText());
            assertEquals(0, hello.path("data").path("problems").size());

            assertEquals("accepted", g.send("m-1", "+15557654321", HOSTILE).path("data").path("state").asText());
            JsonNode sent = g.await(status("m-1", "sent"));
            List<JsonNode> calls = calls();
            JsonNode call = calls.get(calls.size() - 1);
            assertEquals(List.of("-", "person", "+15557654321", HOSTILE), argv(call), "values arrive verbatim as arguments");
            assertEquals(variant.sendScript(), call.path("script").asText(), "the script text is the fixed one");
            assertFalse(call.path("script").asText().contains("Finder"));

            String guid = sent.path("data").path("guid").asText();
            long rowId = fx.longQuery("SELECT ROWID FROM message WHERE guid = '" + guid + "' AND is_from_me = 1");
            assertTrue(rowId > 0, "guid of the status is the chat.db row's guid");
            assertEquals(List.of("m-1"), a.sentIds());

            Instant deliveredAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusSeconds(2);
            fx.exec("UPDATE message SET is_delivered = 1, date_delivered = " + AppleTime.toNanos(deliveredAt) + " WHERE ROWID = " + rowId);
            JsonNode delivered = g.await(status("m-1", "delivered"));
            assertEquals(Times.iso(deliveredAt), delivered.path("data").path("at").asText());

            Instant readAt = deliveredAt.plusSeconds(5);
            fx.exec("UPDATE message SET is_read = 1, date_read = " + AppleTime.toNanos(readAt) + " WHERE ROWID = " + rowId);
            assertEquals(Times.iso(readAt), g.await(status("m-1", "read")).path("data").path("at").asText());
            assertEquals(List.of("sent", "delivered", "read"), g.states("m-1"));
        }
    }

    @Test
    void twoIdenticalTextsInQuickSuccessionAreConfirmedByTwoDifferentRows() throws Exception {
        try (RunningAgent a = start("ok"); TestGateway g = a.gateway()) {
            g.send("m-1", "+15557654321", "on my way");
            g.send("m-2", "+15557654321", "on my way");
            String guid1 = g.await(status("m-1", "sent")).path("data").path("guid").asText();
            String guid2 = g.await(status("m-2", "sent")).path("data").path("guid").asText();
            assertNotEquals(guid1, guid2);
            long row1 = fx.longQuery("SELECT ROWID FROM message WHERE guid = '" + guid1 + "'");
            long row2 = fx.longQuery("SELECT ROWID FROM message WHERE guid = '" + guid2 + "'");
            assertTrue(row1 < row2, "first send, first row");
            assertEquals(List.of("m-1", "m-2"), a.sentIds());
        }
    }

    @Test
    void groupChatAddressedWithAnAnyGuidIsSentByChatId() throws Exception {
        try (RunningAgent a = start("ok"); TestGateway g = a.gateway()) {
            g.send("m-g", "any;+;chat493827110473829101", "rope is packed");
            JsonNode sent = g.await(status("m-g", "sent"));
            List<JsonNode> calls = calls();
            assertEquals(List.of("-", "chat", "any;+;chat493827110473829101", "rope is packed"), argv(calls.get(calls.size() - 1)));
            long chatOfRow = fx.longQuery("SELECT cmj.chat_id FROM message m JOIN chat_message_join cmj ON cmj.message_id = m.ROWID"
                    + " WHERE m.guid = '" + sent.path("data").path("guid").asText() + "'");
            assertEquals(fx.chatId(ChatDbFixture.GROUP_GUID), chatOfRow);
        }
    }

    @Test
    void appleScriptErrorsBecomeFailedEventsWithTheRightCodes() throws Exception {
        try (RunningAgent a = start("ok"); TestGateway g = a.gateway()) {
            String[][] cases = {{"+15550001728", "chat_not_found", "false"}, {"+15550001700", "invalid_recipient", "false"},
                {"+15550001743", "not_authorised", "false"}, {"+15550001712", "timeout", "true"},
                {"+15550002700", "script_failed", "true"}};
            for (String[] c : cases) {
                g.send("m" + c[0], c[0], "hi");
                JsonNode failed = g.await(status("m" + c[0], "failed"));
                assertEquals(c[1], failed.path("data").path("error").path("code").asText(), c[0]);
                assertEquals(Boolean.parseBoolean(c[2]), failed.path("data").path("error").path("retryable").asBoolean(), c[0]);
            }
            assertEquals(List.of(), a.sentIds(), "nothing was handed over");
            try (TestGateway later = a.gateway()) {
                JsonNode problems = later.received().get(0).path("data").path("problems");
                assertTrue(problems.toString().contains("Automation"), problems.toString());
            }
        }
    }

    @Test
    void errorRecordedOnTheRowFailsTheMessageAsNotDelivered() throws Exception {
        try (RunningAgent a = start("ok"); TestGateway g = a.gateway()) {
            g.send("m-1", "+15557654321", "will bounce");
            String guid = g.await(status("m-1", "sent")).path("data").path("guid").asText();
            fx.exec("UPDATE message SET error = 22 WHERE guid = '" + guid + "'");
            JsonNode failed = g.await(status("m-1", "failed"));
            assertEquals("not_delivered", failed.path("data").path("error").path("code").asText());
            assertFalse(failed.path("data").path("error").path("retryable").asBoolean());
            assertEquals("Messages.app recorded error 22", failed.path("data").path("error").path("message").asText());
        }
    }

    @Test
    void aSendWhoseRowNeverAppearsTimesOut() throws Exception {
        try (RunningAgent a = start("ok", "--confirm-timeout", "300ms"); TestGateway g = a.gateway()) {
            g.send("m-1", "+15550000404", "into the void");
            JsonNode failed = g.await(status("m-1", "failed"));
            assertEquals("timeout", failed.path("data").path("error").path("code").asText());
            assertTrue(failed.path("data").path("error").path("retryable").asBoolean());
        }
    }

    @Test
    void incomingRowsBecomeInboundEventsOnceIncludingAttributedBodyOnlyAndAttachments() throws Exception {
        String textGuid;
        Path files = Files.createDirectories(dir.resolve("Library/Messages/Attachments/ab/12/AT-1"));
        byte[] crag = new byte[300_000];
        new java.util.Random(1).nextBytes(crag);
        Files.write(files.resolve("crag.heic"), crag);
        byte[] topo = "%PDF-1.4 topo".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(files.resolve("topo.pdf"), topo);
        try (RunningAgent a = start("ok"); TestGateway g = a.gateway().autoAck(true)) {
            g.sync();
            long bob = fx.handleId("+15557654321");
            long alice = fx.handleId("alice@example.com");
            Instant at = Instant.parse("2026-11-27T03:05:12Z");
            long withAttachment;
            try (Connection c = fx.connect()) {
                long anyChat = ChatDbFixture.chat(c, "any;-;+15557654321", "+15557654321", 45, null, bob);
                ChatDbFixture.message(c, anyChat, bob, "Hello back", null, at, false, 0);
                c.setAutoCommit(false); // the row, its attachment and the joins in one transaction, like Messages.app
                withAttachment = ChatDbFixture.message(c, fx.chatId(ChatDbFixture.GROUP_GUID), alice, null,
                        ChatDbFixture.typedstream("\uFFFCLook at this crag"), at.plusSeconds(1), false, 0);
                for (String[] att : new String[][]{{"AT-1", files.resolve("crag.heic").toString(), "image/heic", "crag.heic"},
                    {"AT-2", files.resolve("topo.pdf").toString(), null, "topo.pdf"}}) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO attachment (guid, filename, mime_type, transfer_name,"
                            + " total_bytes, original_guid) VALUES (?, ?, ?, ?, 2048, ?)")) {
                        ps.setString(1, att[0]);
                        ps.setString(2, att[1]);
                        ps.setString(3, att[2]);
                        ps.setString(4, att[3]);
                        ps.setString(5, att[0]);
                        ps.executeUpdate();
                    }
                    c.createStatement().executeUpdate("INSERT INTO message_attachment_join VALUES (" + withAttachment + ", last_insert_rowid())");
                }
                c.createStatement().executeUpdate("UPDATE message SET cache_has_attachments = 1 WHERE ROWID = " + withAttachment);
                c.commit();
            }
            org.awaitility.Awaitility.await().atMost(TestGateway.WAIT).until(() -> g.all(type("inbound")).size() >= 2);
            List<JsonNode> inbound = g.all(type("inbound"));
            assertEquals(2, inbound.size(), "history present at first start is not replayed");
            JsonNode first = inbound.get(0).path("data");
            textGuid = first.path("guid").asText();
            assertEquals("+15557654321", first.path("from").asText());
            assertEquals("any;-;+15557654321", first.path("chat").asText());
            assertEquals("me@icloud.com", first.path("account").asText());
            assertEquals("Hello back", first.path("body").asText());
            assertEquals("2026-11-27T03:05:12.000Z", first.path("at").asText());
            JsonNode second = inbound.get(1).path("data");
            assertEquals("alice@example.com", second.path("from").asText());
            assertEquals(ChatDbFixture.GROUP_GUID, second.path("chat").asText());
            assertEquals("Look at this crag", second.path("body").asText());
            JsonNode atts = second.path("attachments");
            assertEquals(2, atts.size(), second.toString());
            assertEquals("crag.heic", atts.get(0).path("filename").asText());
            assertEquals("image/heic", atts.get(0).path("mimeType").asText(), "chat.db mime_type");
            assertEquals(crag.length, atts.get(0).path("size").asLong());
            assertEquals(TestGateway.sha256(crag), atts.get(0).path("sha256").asText());
            assertEquals("topo.pdf", atts.get(1).path("filename").asText());
            assertEquals("application/pdf", atts.get(1).path("mimeType").asText(), "probed when chat.db has none");
            org.junit.jupiter.api.Assertions.assertArrayEquals(crag, g.stored().get(TestGateway.sha256(crag)), "uploaded byte-identical");
            org.junit.jupiter.api.Assertions.assertArrayEquals(topo, g.stored().get(TestGateway.sha256(topo)));
            int eventIndex = g.received().indexOf(inbound.get(1));
            assertTrue(g.all(type("attachment.put")).stream().allMatch(p -> g.received().indexOf(p) < eventIndex),
                    "uploaded before the event");
            g.sync();
        }
        try (RunningAgent b = start("ok"); TestGateway g = b.gateway()) {
            long bob = fx.handleId("+15557654321");
            try (Connection c = fx.connect()) {
                ChatDbFixture.message(c, fx.chatId("iMessage;-;+15557654321"), bob, "after restart", null, Instant.now(), false, 0);
            }
            JsonNode next = g.await(type("inbound"));
            assertEquals("after restart", next.path("data").path("body").asText());
            g.sync();
            assertEquals(1, g.all(type("inbound")).size(), "acknowledged inbound rows are not emitted again");
            assertNotEquals(textGuid, next.path("data").path("guid").asText());
        }
    }

    @Test
    void attachmentsPulledFromTheGatewayAreHandedToOsascriptAsFilesAndConfirmedByTheirRows() throws Exception {
        byte[] photo = new byte[400_000];
        new java.util.Random(2).nextBytes(photo);
        byte[] doc = "a document".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path staging = dir.resolve("Messages-Attachments/imessage-gateway");
        try (RunningAgent a = start("ok", "--attachments-dir", staging.toString()); TestGateway g = a.gateway()) {
            JsonNode ok = g.sendWithAttachments("m-f", "+15557654321", "",
                    g.ref("att_1", "IMG_0001.JPG", "image/jpeg", photo), g.ref("att_2", "notes/doc.txt", "text/plain", doc));
            assertEquals("accepted", ok.path("data").path("state").asText(), ok.toString());
            JsonNode sent = g.await(status("m-f", "sent"));
            List<JsonNode> calls = calls();
            List<String> argv = argv(calls.get(calls.size() - 1));
            assertEquals(List.of("-", "person", "+15557654321", ""), argv.subList(0, 4));
            assertEquals(2, argv.size() - 4, argv.toString());
            Path p1 = Path.of(argv.get(4));
            Path p2 = Path.of(argv.get(5));
            assertEquals("IMG_0001.JPG", p1.getFileName().toString());
            assertEquals("doc.txt", p2.getFileName().toString());
            assertEquals(staging, p1.getParent().getParent());
            assertEquals(TestGateway.sha256(photo), dev.imessagegateway.agent.attachments.Attachments.sha256(p1));
            assertEquals(TestGateway.sha256(doc), dev.imessagegateway.agent.attachments.Attachments.sha256(p2));
            long row = fx.longQuery("SELECT m.ROWID FROM message m JOIN message_attachment_join j ON j.message_id = m.ROWID"
                    + " JOIN attachment t ON t.ROWID = j.attachment_id WHERE t.transfer_name = 'IMG_0001.JPG'");
            assertEquals(row, fx.longQuery("SELECT ROWID FROM message WHERE guid = '" + sent.path("data").path("guid").asText() + "'"),
                    "a message of files only is confirmed by the row of its attachment");
            JsonNode logged = TestGateway.JSON.readTree(Files.readAllLines(a.sentLog).get(0)).path("attachments");
            assertEquals(p1.toString(), logged.get(0).path("path").asText());
            assertEquals(TestGateway.sha256(doc), logged.get(1).path("sha256").asText());
        }
    }

    @Test
    void anIncomingRowWhoseChatJoinIsWrittenLaterIsReportedWithItsChat() throws Exception {
        try (RunningAgent a = start("ok"); TestGateway g = a.gateway().autoAck(true)) {
            g.sync();
            long bob = fx.handleId("+15557654321");
            try (Connection c = fx.connect()) {
                c.createStatement().executeUpdate("INSERT INTO message (guid, text, handle_id, service, date, is_from_me)"
                        + " VALUES ('LATE-JOIN', 'joined late', " + bob + ", 'iMessage', " + AppleTime.toNanos(Instant.now()) + ", 0)");
            }
            org.awaitility.Awaitility.await().pollDelay(java.time.Duration.ofMillis(300)).until(() -> true);
            fx.exec("INSERT INTO chat_message_join (chat_id, message_id) SELECT " + fx.chatId(ChatDbFixture.GROUP_GUID)
                    + ", ROWID FROM message WHERE guid = 'LATE-JOIN'");
            JsonNode in = g.await(type("inbound")).path("data");
            assertEquals("LATE-JOIN", in.path("guid").asText());
            assertEquals(ChatDbFixture.GROUP_GUID, in.path("chat").asText());
        }
    }

    @Test
    void missingPermissionsAreReportedInHelloWithWhatToEnable() throws Exception {
        Path missingDb = dir.resolve("no-access/chat.db");
        List<String> args = List.of("--backend", "messages", "--osascript", fx.fakeOsascript(dir, "deny").toString(),
                "--chat-db", missingDb.toString(), "--poll-interval", "50ms");
        try (RunningAgent a = RunningAgent.start(dir, args.toArray(String[]::new)); TestGateway g = a.gateway()) {
            JsonNode problems = g.received().get(0).path("data").path("problems");
            assertEquals(2, problems.size(), problems.toString());
            assertTrue(problems.get(0).asText().contains("Full Disk Access"), problems.toString());
            assertTrue(problems.get(1).asText().contains("Privacy & Security > Automation"), problems.toString());
        }
    }

    @Test
    void accountsAreDiscoveredFromMessagesWhenNoneAreGiven() throws Exception {
        List<String> args = List.of("--backend", "messages", "--osascript", fx.fakeOsascript(dir, "ok").toString(),
                "--chat-db", fx.db.toString(), "--account", "");
        try (RunningAgent a = RunningAgent.start(dir, args.toArray(String[]::new)); TestGateway g = a.gateway()) {
            assertEquals("[\"me@icloud.com\",\"+15551234567\"]", g.received().get(0).path("data").path("accounts").toString());
        }
    }
}
