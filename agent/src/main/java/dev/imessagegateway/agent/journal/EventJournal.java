package dev.imessagegateway.agent.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imessagegateway.agent.attachments.InboundFile;
import dev.imessagegateway.agent.protocol.Frame;
import dev.imessagegateway.agent.protocol.FrameCodec;
import dev.imessagegateway.agent.state.StateDb;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Durable queue of {@code status} and {@code inbound} events: an event stays until a gateway acknowledges it with
 * {@code ok}, and unacknowledged events are resent, in order, on reconnect (also after an agent restart).
 */
public final class EventJournal {
    private final StateDb db;

    public EventJournal(StateDb db) {
        this.db = db;
    }

    /** A journaled event; its {@code eventId} is {@code evt_<seq>}, its request id on a connection {@code e-<seq>}. */
    public record Event(long seq, String type, String messageId, ObjectNode data, List<InboundFile> files) {
        public Event(long seq, String type, String messageId, ObjectNode data) {
            this(seq, type, messageId, data, List.of());
        }

        /** Whether files must be uploaded before each (re)send of this event. */
        public boolean hasFiles() {
            return !files.isEmpty();
        }

        public String eventId() {
            return "evt_" + seq;
        }

        public String requestId() {
            return "e-" + seq;
        }

        public Frame toFrame() {
            ObjectNode d = FrameCodec.JSON.createObjectNode();
            d.put("eventId", eventId());
            d.setAll(data);
            return Frame.request(type, requestId(), d);
        }

        /** The seq of a request id {@code e-<seq>}, or -1. */
        public static long seqOf(String requestId) {
            if (requestId == null || !requestId.startsWith("e-")) {
                return -1;
            }
            try {
                return Long.parseLong(requestId.substring(2));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    /** Appends an event (durable on return). {@code data} is the event's data without {@code eventId}. */
    public Event append(String type, String messageId, ObjectNode data) {
        return append(type, messageId, data, List.of());
    }

    /**
     * Appends an event with local files to upload before each (re)send (durable on return, paths included, so the
     * uploads survive a restart of the agent).
     */
    public Event append(String type, String messageId, ObjectNode data, List<InboundFile> files) {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement(
                    "INSERT INTO events (type, message_id, data, files) VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, type);
                ps.setString(2, messageId);
                ps.setString(3, data.toString());
                if (files.isEmpty()) {
                    ps.setNull(4, java.sql.Types.VARCHAR);
                } else {
                    ArrayNode a = FrameCodec.JSON.createArrayNode();
                    files.forEach(f -> a.add(f.toJournalJson()));
                    ps.setString(4, a.toString());
                }
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return new Event(keys.getLong(1), type, messageId, data, List.copyOf(files));
                }
            } catch (SQLException e) {
                throw new StateDb.StateException(e);
            }
        }
    }

    /** Unacknowledged events, oldest first. */
    public List<Event> pending() {
        List<Event> out = new ArrayList<>();
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement("SELECT seq, type, message_id, data, files FROM events ORDER BY seq");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<InboundFile> files = new ArrayList<>();
                    String f = rs.getString(5);
                    if (f != null) {
                        for (JsonNode n : FrameCodec.JSON.readTree(f)) {
                            files.add(InboundFile.fromJournalJson(n));
                        }
                    }
                    out.add(new Event(rs.getLong(1), rs.getString(2), rs.getString(3),
                            (ObjectNode) FrameCodec.JSON.readTree(rs.getString(4)), List.copyOf(files)));
                }
            } catch (Exception e) {
                throw new StateDb.StateException(e);
            }
        }
        return out;
    }

    /** Removes an acknowledged event; returns whether it was still pending. */
    public boolean ack(long seq) {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement("DELETE FROM events WHERE seq = ?")) {
                ps.setLong(1, seq);
                return ps.executeUpdate() > 0;
            } catch (SQLException e) {
                throw new StateDb.StateException(e);
            }
        }
    }
}
