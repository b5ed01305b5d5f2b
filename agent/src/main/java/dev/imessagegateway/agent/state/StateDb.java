package dev.imessagegateway.agent.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The agent's durable state: one SQLite database {@code agent-state.db} in the state directory holding the
 * ledger, the event journal and a small key/value table. WAL with {@code synchronous=FULL}: every commit is
 * fsynced before the call returns, so it survives a kill (and a power cut) of the agent.
 */
public final class StateDb implements AutoCloseable {
    private final Connection conn;

    public StateDb(Path stateDir) throws IOException, SQLException {
        Files.createDirectories(stateDir);
        conn = DriverManager.getConnection("jdbc:sqlite:" + stateDir.resolve("agent-state.db").toAbsolutePath());
        try (Statement st = conn.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=FULL");
            st.execute("PRAGMA busy_timeout=5000");
            st.execute("CREATE TABLE IF NOT EXISTS ledger (message_id TEXT PRIMARY KEY, account TEXT, recipient TEXT,"
                    + " state TEXT NOT NULL, attempt INTEGER NOT NULL, at TEXT, guid TEXT, chat_rowid INTEGER,"
                    + " error TEXT, accepted_at TEXT NOT NULL, updated_at TEXT NOT NULL)");
            st.execute("CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL,"
                    + " message_id TEXT, data TEXT NOT NULL)");
            st.execute("CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT)");
            boolean hasFiles = false;
            try (ResultSet rs = st.executeQuery("PRAGMA table_info(events)")) {
                while (rs.next()) {
                    hasFiles |= "files".equalsIgnoreCase(rs.getString("name"));
                }
            }
            if (!hasFiles) { // state of an agent before attachments: add the column of inbound files
                st.execute("ALTER TABLE events ADD COLUMN files TEXT");
            }
        }
    }

    /** The single connection; callers synchronise on this object. */
    public synchronized Connection connection() {
        return conn;
    }

    public synchronized String get(String key) {
        try (PreparedStatement ps = conn.prepareStatement("SELECT v FROM kv WHERE k = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new StateException(e);
        }
    }

    public synchronized void put(String key, String value) {
        try (PreparedStatement ps = conn.prepareStatement("INSERT OR REPLACE INTO kv (k, v) VALUES (?, ?)")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StateException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            conn.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }

    /** An I/O failure of the state database. */
    public static final class StateException extends RuntimeException {
        public StateException(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }
}
