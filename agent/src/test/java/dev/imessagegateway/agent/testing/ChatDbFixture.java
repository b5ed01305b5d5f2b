package dev.imessagegateway.agent.testing;

import dev.imessagegateway.agent.backend.messages.AppleTime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;

/** A chat.db with Apple's schema and real-looking history, plus the fake osascript that writes into it. */
public final class ChatDbFixture {
    public static final String GROUP_GUID = "iMessage;+;chat493827110473829101";
    public final Path db;
    public final Path recordDir;

    public ChatDbFixture(Path dir) throws IOException, SQLException {
        this.db = dir.resolve("chat.db");
        this.recordDir = dir.resolve("osascript-calls");
        Files.createDirectories(recordDir);
        String schema;
        try (InputStream in = ChatDbFixture.class.getResourceAsStream("/chatdb-schema.sql")) {
            schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL"); // like Messages.app
            for (String sql : schema.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!sql.isBlank()) {
                    st.execute(sql);
                }
            }
            st.execute("INSERT INTO _SqliteDatabaseProperties VALUES ('_ClientVersion', '18026')");
            long bob = handle(c, "+15557654321");
            long alice = handle(c, "alice@example.com");
            long chatBob = chat(c, "iMessage;-;+15557654321", "+15557654321", 45, null, bob);
            long group = chat(c, GROUP_GUID, "chat493827110473829101", 43, "Climbing crew", bob, alice);
            Instant earlier = Instant.now().minusSeconds(3600);
            message(c, chatBob, bob, "Are we still on for Friday?", null, earlier, false, 1);
            message(c, chatBob, bob, "Yes! 7pm", null, earlier.plusSeconds(60), true, 1);
            message(c, group, alice, null, typedstream("Who brings the rope?"), earlier.plusSeconds(120), false, 0);
        }
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + db);
    }

    static long handle(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO handle (id, country, service, uncanonicalized_id) VALUES (?, 'us', 'iMessage', ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, id);
            ps.setString(2, id);
            ps.executeUpdate();
            return key(ps);
        }
    }

    public static long chat(Connection c, String guid, String identifier, int style, String displayName, long... handles) throws SQLException {
        long id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO chat (guid, style, state, chat_identifier, service_name,"
                + " display_name, account_login) VALUES (?, ?, 3, ?, 'iMessage', ?, 'E:me@icloud.com')", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, guid);
            ps.setInt(2, style);
            ps.setString(3, identifier);
            ps.setString(4, displayName);
            ps.executeUpdate();
            id = key(ps);
        }
        for (long h : handles) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO chat_handle_join (chat_id, handle_id) VALUES (?, ?)")) {
                ps.setLong(1, id);
                ps.setLong(2, h);
                ps.executeUpdate();
            }
        }
        return id;
    }

    /** Inserts a message row joined to a chat; returns its ROWID. */
    public static long message(Connection c, long chatId, long handleId, String text, byte[] attributedBody, Instant at,
                               boolean fromMe, int sentDeliveredFlags) throws SQLException {
        long date = AppleTime.toNanos(at);
        long id;
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false); // like Messages.app: the row and its chat join in one transaction
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO message (guid, text, attributedBody, handle_id, service,"
                + " account, date, date_read, date_delivered, is_delivered, is_finished, is_from_me, is_sent, is_read, error,"
                + " destination_caller_id) VALUES (?, ?, ?, ?, 'iMessage', 'e:me@icloud.com', ?, 0, ?, ?, 1, ?, ?, ?, 0, 'me@icloud.com')",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, UUID.randomUUID().toString().toUpperCase());
            ps.setString(2, text);
            ps.setBytes(3, attributedBody);
            ps.setLong(4, handleId);
            ps.setLong(5, date);
            ps.setLong(6, fromMe && sentDeliveredFlags > 0 ? date + 1_000_000_000L : 0);
            ps.setInt(7, fromMe && sentDeliveredFlags > 0 ? 1 : 0);
            ps.setInt(8, fromMe ? 1 : 0);
            ps.setInt(9, fromMe ? 1 : 0);
            ps.setInt(10, fromMe ? 0 : 1);
            ps.executeUpdate();
            id = key(ps);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO chat_message_join (chat_id, message_id, message_date) VALUES (?, ?, ?)")) {
            ps.setLong(1, chatId);
            ps.setLong(2, id);
            ps.setLong(3, date);
            ps.executeUpdate();
        }
        if (auto) {
            c.commit();
            c.setAutoCommit(true);
        }
        return id;
    }

    public long handleId(String id) throws SQLException {
        return longQuery("SELECT ROWID FROM handle WHERE id = '" + id + "'");
    }

    public long chatId(String guid) throws SQLException {
        return longQuery("SELECT ROWID FROM chat WHERE guid = '" + guid + "'");
    }

    public long longQuery(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    public void exec(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        }
    }

    /** Writes the fake osascript (python3) into {@code dir}; {@code probe} is "ok" or "deny" (Automation refused). */
    public Path fakeOsascript(Path dir, String probe) throws IOException {
        String text;
        try (InputStream in = ChatDbFixture.class.getResourceAsStream("/fake-osascript.py")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        text = text.replace("@DB@", db.toString()).replace("@REC@", recordDir.toString()).replace("@PROBE@", probe);
        Path script = dir.resolve("fake-osascript");
        Files.writeString(script, text);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private static long key(PreparedStatement ps) throws SQLException {
        try (ResultSet k = ps.getGeneratedKeys()) {
            k.next();
            return k.getLong(1);
        }
    }

    /**
     * An {@code attributedBody} blob as Messages writes it: an NSArchiver typedstream of an NSAttributedString
     * holding {@code text}, with the usual attribute dictionary after it.
     */
    public static byte[] typedstream(String text) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[]{0x04, 0x0B});
        b.writeBytes("streamtyped".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(new byte[]{(byte) 0x81, (byte) 0xE8, 0x03, (byte) 0x84, 0x01, 0x40, (byte) 0x84, (byte) 0x84, (byte) 0x84, 0x12});
        b.writeBytes("NSAttributedString".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(new byte[]{0x00, (byte) 0x84, (byte) 0x84, 0x08});
        b.writeBytes("NSObject".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(new byte[]{0x00, (byte) 0x85, (byte) 0x92, (byte) 0x84, (byte) 0x84, (byte) 0x84, 0x08});
        b.writeBytes("NSString".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(new byte[]{0x01, (byte) 0x94, (byte) 0x84, 0x01, 0x2B});
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length < 0x80) {
            b.write(utf8.length);
        } else if (utf8.length <= 0xFFFF) {
            b.writeBytes(new byte[]{(byte) 0x81, (byte) utf8.length, (byte) (utf8.length >> 8)});
        } else {
            b.writeBytes(new byte[]{(byte) 0x82, (byte) utf8.length, (byte) (utf8.length >> 8), (byte) (utf8.length >> 16),
                    (byte) (utf8.length >> 24)});
        }
        b.writeBytes(utf8);
        b.writeBytes(new byte[]{(byte) 0x86, (byte) 0x84, 0x02, 0x69, 0x49, 0x01, (byte) utf8.length, (byte) 0x92,
                (byte) 0x84, (byte) 0x84, (byte) 0x84, 0x0C});
        b.writeBytes("NSDictionary".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(new byte[]{0x00, (byte) 0x94, (byte) 0x84, 0x01, 0x69, 0x01, (byte) 0x92, (byte) 0x84, (byte) 0x96,
                (byte) 0x96, 0x1D});
        b.writeBytes("__kIMMessagePartAttributeName".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(new byte[]{(byte) 0x86, (byte) 0x92, (byte) 0x84, (byte) 0x84, (byte) 0x84, 0x08});
        b.writeBytes("NSNumber".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(new byte[]{0x00, (byte) 0x84, (byte) 0x84, 0x07});
        b.writeBytes("NSValue".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(new byte[]{0x00, (byte) 0x94, (byte) 0x84, 0x01, 0x2A, (byte) 0x84, (byte) 0x99, (byte) 0x99, 0x00,
                (byte) 0x86, (byte) 0x86, (byte) 0x86});
        return b.toByteArray();
    }
}
