package dev.imessagegateway.agent.backend.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imessagegateway.agent.backend.OutgoingMessage;
import dev.imessagegateway.agent.testing.ChatDbFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chat.db matcher against a fixture database with Apple's schema. */
class SendMatcherTest {
    @TempDir
    Path dir;
    ChatDbFixture fx;
    ChatDb chatDb;

    @BeforeEach
    void setUp() throws Exception {
        fx = new ChatDbFixture(dir);
        chatDb = new ChatDb(fx.db);
    }

    private static OutgoingMessage msg(String id, String to, String body) {
        return new OutgoingMessage(id, "me@icloud.com", to, body, 1, List.of());
    }

    @Test
    void twoIdenticalTextsToOneRecipientWithinASecondMapToTwoRowsInOrder() throws Exception {
        long floor = chatDb.maxRowId();
        Instant now = Instant.now();
        SendMatcher m = new SendMatcher();
        m.add(SendMatcher.Pending.of(msg("first", "+15557654321", "ok"), floor, now, now.plusSeconds(60)));
        m.add(SendMatcher.Pending.of(msg("second", "+15557654321", "ok"), floor, now, now.plusSeconds(60)));
        long bob = fx.handleId("+15557654321");
        long chat = fx.chatId("iMessage;-;+15557654321");
        long r1;
        long r2;
        try (Connection c = fx.connect()) {
            r1 = ChatDbFixture.message(c, chat, bob, "ok", null, now.plusMillis(200), true, 0);
            r2 = ChatDbFixture.message(c, chat, bob, "ok", null, now.plusMillis(400), true, 0);
        }
        List<SendMatcher.Match> matches = m.match(chatDb.outgoingAfter(m.floor(), 100));
        assertEquals(2, matches.size());
        assertEquals("first", matches.get(0).pending().messageId());
        assertEquals(r1, matches.get(0).row().rowId());
        assertEquals("second", matches.get(1).pending().messageId());
        assertEquals(r2, matches.get(1).row().rowId());
        assertTrue(m.isEmpty());
    }

    @Test
    void rowsAreMatchedOneAtATimeAsTheyAppearAndNeverTwice() throws Exception {
        Instant now = Instant.now();
        SendMatcher m = new SendMatcher();
        long floor = chatDb.maxRowId();
        m.add(SendMatcher.Pending.of(msg("first", "+15557654321", "same"), floor, now, now.plusSeconds(60)));
        long bob = fx.handleId("+15557654321");
        long chat = fx.chatId("iMessage;-;+15557654321");
        long r1;
        try (Connection c = fx.connect()) {
            r1 = ChatDbFixture.message(c, chat, bob, "same", null, now, true, 0);
        }
        assertEquals(r1, m.match(chatDb.outgoingAfter(floor, 100)).get(0).row().rowId());
        m.add(SendMatcher.Pending.of(msg("second", "+15557654321", "same"), floor, now, now.plusSeconds(60)));
        assertEquals(List.of(), m.match(chatDb.outgoingAfter(floor, 100)), "row of 'first' is not reused");
        long r2;
        try (Connection c = fx.connect()) {
            r2 = ChatDbFixture.message(c, chat, bob, "same", null, now.plusMillis(100), true, 0);
        }
        assertEquals(r2, m.match(chatDb.outgoingAfter(floor, 100)).get(0).row().rowId());
    }

    @Test
    void rowsOfOtherRecipientsOtherTextsOrOlderTimesAreNotMatched() throws Exception {
        Instant now = Instant.now();
        SendMatcher m = new SendMatcher();
        m.add(SendMatcher.Pending.of(msg("m", "+15557654321", "Hello  there\r\n"), 0, now, now.plusSeconds(60)));
        long bob = fx.handleId("+15557654321");
        long alice = fx.handleId("alice@example.com");
        long chat = fx.chatId("iMessage;-;+15557654321");
        long right;
        try (Connection c = fx.connect()) {
            long aliceChat = ChatDbFixture.chat(c, "iMessage;-;alice@example.com", "alice@example.com", 45, null, alice);
            ChatDbFixture.message(c, aliceChat, alice, "Hello  there", null, now, true, 0);      // other recipient
            ChatDbFixture.message(c, chat, bob, "Hello there", null, now, true, 0);               // other text
            ChatDbFixture.message(c, chat, bob, "Hello  there", null, now.minusSeconds(600), true, 0); // too old
            ChatDbFixture.message(c, chat, bob, "Hello  there", null, now, false, 0);            // incoming
            right = ChatDbFixture.message(c, chat, bob, null, ChatDbFixture.typedstream("Hello  there"), now, true, 0);
        }
        List<SendMatcher.Match> matches = m.match(chatDb.outgoingAfter(0, 100));
        assertEquals(1, matches.size());
        assertEquals(right, matches.get(0).row().rowId(), "matched by the attributedBody text (text column NULL)");
    }

    @Test
    void groupChatsMatchWhateverTheServicePrefixOfTheGuid() throws Exception {
        Instant now = Instant.now();
        SendMatcher m = new SendMatcher();
        long floor = chatDb.maxRowId();
        m.add(SendMatcher.Pending.of(msg("g", "any;+;chat493827110473829101", "rope is packed"), floor, now, now.plusSeconds(60)));
        long group = fx.chatId(ChatDbFixture.GROUP_GUID);
        long row;
        try (Connection c = fx.connect()) {
            row = ChatDbFixture.message(c, group, 0, "rope is packed", null, now, true, 0);
        }
        List<SendMatcher.Match> matches = m.match(chatDb.outgoingAfter(floor, 100));
        assertEquals(row, matches.get(0).row().rowId());
        assertEquals(ChatDbFixture.GROUP_GUID, matches.get(0).row().chatGuid());
        assertEquals("chat493827110473829101", SendMatcher.chatKey("any;+;chat493827110473829101").substring(2));
    }

    @Test
    void expiredSendsAreReturnedOnce() {
        Instant now = Instant.now();
        SendMatcher m = new SendMatcher();
        m.add(SendMatcher.Pending.of(msg("late", "+15557654321", "x"), 0, now.minusSeconds(120), now.minusSeconds(1)));
        m.add(SendMatcher.Pending.of(msg("fine", "+15557654321", "y"), 0, now, now.plusSeconds(60)));
        assertEquals(List.of("late"), m.expired(now).stream().map(SendMatcher.Pending::messageId).toList());
        assertEquals(List.of(), m.expired(now));
    }
}
