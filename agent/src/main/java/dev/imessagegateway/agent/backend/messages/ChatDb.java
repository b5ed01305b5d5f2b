package dev.imessagegateway.agent.backend.messages;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/** Read-only access to Messages' {@code chat.db} (tables message, handle, chat, chat_message_join, attachment…). */
public final class ChatDb implements AutoCloseable {

    /** One message row with its handle, (first) chat and attachments; {@code body} is text or decoded attributedBody. */
    public record Row(long rowId, String guid, String body, Instant date, String handle, String chatGuid,
                      String chatIdentifier, boolean fromMe, boolean sent, boolean delivered, Instant dateDelivered,
                      Instant dateRead, int error, String account, List<Attachment> attachments) {
        /** Whether the row looks half-written: no chat join yet, or flagged with attachments that are not joined yet. */
        public boolean incomplete() {
            return chatGuid == null || (attachments.size() == 1 && attachments.get(0) == null);
        }
    }

    /**
     * An {@code attachment} row joined to a message: {@code filename} as Messages writes it (often {@code ~/Library/…}),
     * {@code transferName} the name the file was sent with, {@code mimeType} when known.
     */
    public record Attachment(String filename, String transferName, String mimeType) {
        /** The file's name: the last segment of {@code filename}, else {@code transferName}. */
        public String name() {
            if (filename != null && !filename.isBlank()) {
                String f = filename.replace('\\', '/');
                return f.substring(f.lastIndexOf('/') + 1);
            }
            return transferName;
        }
    }

    private final Path path;
    private Connection conn;
    private Set<String> messageColumns = Set.of();

    public ChatDb(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** Opens (once) and checks that the tables can be read; throws when chat.db is unreadable (Full Disk Access). */
    public synchronized void open() throws SQLException {
        if (conn != null) {
            return;
        }
        if (!path.toFile().exists()) {
            throw new SQLException("no such file: " + path);
        }
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setReadOnly(true);
        cfg.setOpenMode(SQLiteOpenMode.READONLY);
        cfg.setBusyTimeout(2000);
        Connection c = cfg.createConnection("jdbc:sqlite:" + path.toAbsolutePath());
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_info(message)")) {
            Set<String> cols = new HashSet<>();
            while (rs.next()) {
                cols.add(rs.getString("name").toLowerCase());
            }
            if (cols.isEmpty()) {
                throw new SQLException("no message table (not a Messages database, or not readable)");
            }
            try (ResultSet probe = st.executeQuery("SELECT count(*) FROM message WHERE ROWID < 0")) {
                probe.next();
            }
            messageColumns = cols;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        conn = c;
    }

    public synchronized boolean isOpen() {
        return conn != null;
    }

    public synchronized long maxRowId() throws SQLException {
        open();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(ROWID), 0) FROM message")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Rows sent by this Mac's user with ROWID greater than {@code afterRowId}, oldest first. */
    public synchronized List<Row> outgoingAfter(long afterRowId, int limit) throws SQLException {
        return query("m.is_from_me = 1 AND m.ROWID > ?", List.of(afterRowId), limit);
    }

    /** Incoming real messages (no tapbacks, group events) with ROWID greater than {@code afterRowId}, oldest first. */
    public synchronized List<Row> incomingAfter(long afterRowId, int limit) throws SQLException {
        open();
        StringBuilder where = new StringBuilder("m.is_from_me = 0 AND m.ROWID > ?");
        if (messageColumns.contains("item_type")) {
            where.append(" AND COALESCE(m.item_type, 0) = 0");
        }
        if (messageColumns.contains("associated_message_type")) {
            where.append(" AND COALESCE(m.associated_message_type, 0) = 0");
        }
        return query(where.toString(), List.of(afterRowId), limit);
    }

    public synchronized List<Row> byRowIds(Collection<Long> rowIds) throws SQLException {
        if (rowIds.isEmpty()) {
            return List.of();
        }
        String in = rowIds.stream().map(String::valueOf).collect(Collectors.joining(","));
        return query("m.ROWID IN (" + in + ")", List.of(), rowIds.size() * 4 + 10);
    }

    private List<Row> query(String where, List<Object> params, int limit) throws SQLException {
        open();
        String optional = (messageColumns.contains("account") ? ", m.account" : ", NULL AS account")
                + (messageColumns.contains("destination_caller_id") ? ", m.destination_caller_id" : ", NULL AS destination_caller_id");
        String sql = "SELECT m.ROWID AS rowid, m.guid, m.text, m.attributedBody, m.date, m.date_delivered, m.date_read,"
                + " m.is_delivered, m.is_sent, m.is_from_me, m.error, m.cache_has_attachments, h.id AS handle,"
                + " c.guid AS chat_guid, c.chat_identifier" + optional
                + " FROM message m LEFT JOIN handle h ON h.ROWID = m.handle_id"
                + " LEFT JOIN chat_message_join cmj ON cmj.message_id = m.ROWID LEFT JOIN chat c ON c.ROWID = cmj.chat_id"
                + " WHERE " + where + " ORDER BY m.ROWID, c.ROWID LIMIT " + limit;
        Map<Long, Row> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long rowId = rs.getLong("rowid");
                    if (rows.containsKey(rowId)) {
                        continue; // a message in two chats: keep the first
                    }
                    String text = rs.getString("text");
                    if (text == null) {
                        text = AttributedBody.decode(rs.getBytes("attributedBody"));
                    }
                    String account = rs.getString("account");
                    if (account == null || account.isBlank()) {
                        account = rs.getString("destination_caller_id");
                    } else if (account.length() > 2 && account.charAt(1) == ':') {
                        account = account.substring(2); // "e:me@icloud.com", "p:+1555…"
                    }
                    List<Attachment> attachments = rs.getInt("cache_has_attachments") != 0 ? attachments(rowId) : List.of();
                    if (rs.getInt("cache_has_attachments") != 0 && attachments.isEmpty()) {
                        attachments = java.util.Collections.singletonList(null); // flagged, not joined yet
                    }
                    rows.put(rowId, new Row(rowId, rs.getString("guid"), text, AppleTime.toInstant(rs.getLong("date")),
                            rs.getString("handle"), rs.getString("chat_guid"), rs.getString("chat_identifier"),
                            rs.getInt("is_from_me") != 0, rs.getInt("is_sent") != 0, rs.getInt("is_delivered") != 0,
                            AppleTime.toInstant(rs.getLong("date_delivered")), AppleTime.toInstant(rs.getLong("date_read")),
                            rs.getInt("error"), account, attachments));
                }
            }
        }
        return new ArrayList<>(rows.values());
    }

    private List<Attachment> attachments(long messageRowId) throws SQLException {
        List<Attachment> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT a.filename, a.transfer_name, a.mime_type FROM message_attachment_join j"
                + " JOIN attachment a ON a.ROWID = j.attachment_id WHERE j.message_id = ? ORDER BY a.ROWID")) {
            ps.setLong(1, messageRowId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Attachment(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (conn != null) {
            try {
                conn.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
            conn = null;
        }
    }
}
