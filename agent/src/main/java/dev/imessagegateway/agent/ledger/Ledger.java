package dev.imessagegateway.agent.ledger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imessagegateway.agent.protocol.ErrorInfo;
import dev.imessagegateway.agent.protocol.FrameCodec;
import dev.imessagegateway.agent.state.StateDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Message ids the agent has accepted, with their last known state. An entry is committed (fsynced) before the
 * message is handed to Messages.app, so a message id is handed over at most once, across connections and restarts.
 */
public final class Ledger {
    private final StateDb db;

    public Ledger(StateDb db) {
        this.db = db;
    }

    /** One ledger row. {@code at} is the time of the current state; {@code chatRowId} the matched chat.db row. */
    public record Entry(String messageId, String account, String recipient, MessageState state, int attempt,
                        Instant at, String guid, Long chatRowId, ErrorInfo error) {

        /** The {@code {messageId, state, at?, guid?, error?}} object used in query and duplicate replies. */
        public ObjectNode toJson() {
            ObjectNode n = FrameCodec.JSON.createObjectNode();
            n.put("messageId", messageId).put("state", state.wire());
            if (at != null && state != MessageState.ACCEPTED) {
                n.put("at", Times.iso(at));
            }
            if (guid != null) {
                n.put("guid", guid);
            }
            if (error != null && state == MessageState.FAILED) {
                n.set("error", error.toJson());
            }
            return n;
        }
    }

    public Optional<Entry> get(String messageId) {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement("SELECT * FROM ledger WHERE message_id = ?")) {
                ps.setString(1, messageId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            } catch (SQLException e) {
                throw new StateDb.StateException(e);
            }
        }
    }

    /** Records (or, for a new attempt after a failure, re-records) an accepted message. Durable on return. */
    public Entry accept(String messageId, String account, String recipient, int attempt) {
        String now = Times.iso(Instant.now());
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement("INSERT OR REPLACE INTO ledger (message_id, account,"
                    + " recipient, state, attempt, at, guid, chat_rowid, error, accepted_at, updated_at)"
                    + " VALUES (?, ?, ?, 'accepted', ?, ?, NULL, NULL, NULL, ?, ?)")) {
                ps.setString(1, messageId);
                ps.setString(2, account);
                ps.setString(3, recipient);
                ps.setInt(4, attempt);
                ps.setString(5, now);
                ps.setString(6, now);
                ps.setString(7, now);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new StateDb.StateException(e);
            }
        }
        return new Entry(messageId, account, recipient, MessageState.ACCEPTED, attempt, Instant.parse(now), null, null, null);
    }

    /** Moves a message to a new state (the caller checked {@link MessageState#canMoveTo}). */
    public void update(String messageId, MessageState state, Instant at, String guid, Long chatRowId, ErrorInfo error) {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement("UPDATE ledger SET state = ?, at = ?,"
                    + " guid = COALESCE(?, guid), chat_rowid = COALESCE(?, chat_rowid), error = ?, updated_at = ?"
                    + " WHERE message_id = ?")) {
                ps.setString(1, state.wire());
                ps.setString(2, at == null ? null : Times.iso(at));
                ps.setString(3, guid);
                ps.setObject(4, chatRowId);
                ps.setString(5, error == null ? null : error.toJson().toString());
                ps.setString(6, Times.iso(Instant.now()));
                ps.setString(7, messageId);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new StateDb.StateException(e);
            }
        }
    }

    /** Entries in one of the given states (oldest first). */
    public List<Entry> inStates(MessageState... states) {
        List<Entry> out = new ArrayList<>();
        synchronized (db) {
            Connection c = db.connection();
            for (MessageState s : states) {
                try (PreparedStatement ps = c.prepareStatement("SELECT * FROM ledger WHERE state = ? ORDER BY accepted_at")) {
                    ps.setString(1, s.wire());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(read(rs));
                        }
                    }
                } catch (SQLException e) {
                    throw new StateDb.StateException(e);
                }
            }
        }
        return out;
    }

    /** chat.db ROWIDs already matched to a message (never matched again). */
    public List<Long> matchedRowIds() {
        List<Long> out = new ArrayList<>();
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement("SELECT chat_rowid FROM ledger WHERE chat_rowid IS NOT NULL");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            } catch (SQLException e) {
                throw new StateDb.StateException(e);
            }
        }
        return out;
    }

    private static Entry read(ResultSet rs) throws SQLException {
        String at = rs.getString("at");
        String err = rs.getString("error");
        long rowId = rs.getLong("chat_rowid");
        Long chatRowId = rs.wasNull() ? null : rowId;
        ErrorInfo error = null;
        if (err != null) {
            try {
                error = ErrorInfo.fromJson((ObjectNode) FrameCodec.JSON.readTree(err));
            } catch (Exception e) {
                error = new ErrorInfo("internal", err, true);
            }
        }
        return new Entry(rs.getString("message_id"), rs.getString("account"), rs.getString("recipient"),
                MessageState.parse(rs.getString("state")), rs.getInt("attempt"), at == null ? null : Instant.parse(at),
                rs.getString("guid"), chatRowId, error);
    }
}
