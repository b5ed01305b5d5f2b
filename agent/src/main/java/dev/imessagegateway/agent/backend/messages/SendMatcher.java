package dev.imessagegateway.agent.backend.messages;

import dev.imessagegateway.agent.backend.OutgoingMessage;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the chat.db row of each handed-over message: an {@code is_from_me = 1} row newer than the hand-over
 * (ROWID above the maximum seen before it, date inside the window), to the same chat or handle, with the same
 * normalised text (or attachment name). Sends are matched in hand-over order and a row is never matched twice, so
 * two identical texts to one recipient map to two rows, in order.
 */
public final class SendMatcher {

    /** A handed-over message waiting for its row. */
    public record Pending(String messageId, String to, boolean toChat, String text, List<String> attachmentNames,
                          long floorRowId, Instant notBefore, Instant deadline) {

        public static Pending of(OutgoingMessage m, long floorRowId, Instant handedOverAt, Instant deadline) {
            List<String> names = m.attachments().stream().map(p -> Path.of(p).getFileName().toString()).toList();
            return new Pending(m.messageId(), m.to(), m.toChat(), normalise(m.body()), names, floorRowId,
                    handedOverAt.minusSeconds(5), deadline);
        }
    }

    /** A pending send and its row. */
    public record Match(Pending pending, ChatDb.Row row) {
    }

    private final List<Pending> pending = new ArrayList<>();
    private final Set<Long> claimed = new HashSet<>();

    public synchronized void add(Pending p) {
        pending.add(p);
    }

    public synchronized void claim(long rowId) {
        claimed.add(rowId);
    }

    public synchronized boolean isEmpty() {
        return pending.isEmpty();
    }

    /** The lowest floor ROWID of the pending sends (rows above it are candidates), or -1 when none is pending. */
    public synchronized long floor() {
        return pending.stream().mapToLong(Pending::floorRowId).min().orElse(-1);
    }

    /** Matches pending sends, in hand-over order, to {@code rows} (from-me rows in ROWID order). */
    public synchronized List<Match> match(List<ChatDb.Row> rows) {
        List<Match> out = new ArrayList<>();
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            for (ChatDb.Row r : rows) {
                if (r.fromMe() && !claimed.contains(r.rowId()) && r.rowId() > p.floorRowId() && matches(p, r)) {
                    claimed.add(r.rowId());
                    out.add(new Match(p, r));
                    it.remove();
                    break;
                }
            }
        }
        return out;
    }

    /** Removes and returns the sends whose row did not appear before their deadline. */
    public synchronized List<Pending> expired(Instant now) {
        List<Pending> out = new ArrayList<>();
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (now.isAfter(p.deadline())) {
                out.add(p);
                it.remove();
            }
        }
        return out;
    }

    static boolean matches(Pending p, ChatDb.Row r) {
        if (r.date() != null && (r.date().isBefore(p.notBefore()) || r.date().isAfter(p.deadline()))) {
            return false;
        }
        if (!sameRecipient(p, r)) {
            return false;
        }
        if (!p.text().isEmpty()) {
            return p.text().equals(normalise(r.body()));
        }
        // a message of files only: one row per file, whose attachment keeps the staged file's name (filename / transfer_name)
        return r.attachments().stream().filter(java.util.Objects::nonNull)
                .anyMatch(a -> p.attachmentNames().contains(a.name()) || p.attachmentNames().contains(a.transferName()));
    }

    static boolean sameRecipient(Pending p, ChatDb.Row r) {
        if (p.toChat()) {
            return r.chatGuid() != null && chatKey(r.chatGuid()).equals(chatKey(p.to()));
        }
        String to = handleKey(p.to());
        return (r.handle() != null && handleKey(r.handle()).equals(to))
                || (r.chatIdentifier() != null && handleKey(r.chatIdentifier()).equals(to)
                && (r.chatGuid() == null || chatKey(r.chatGuid()).startsWith("-;")));
    }

    /** {@code iMessage;+;chat1}, {@code SMS;+;chat1} and {@code any;+;chat1} name the same chat: drop the service. */
    public static String chatKey(String guid) {
        int i = guid.indexOf(';');
        return i < 0 ? guid : guid.substring(i + 1);
    }

    static String handleKey(String h) {
        return h.trim().replace(" ", "").toLowerCase(Locale.ROOT);
    }

    /** NFC, unified line ends, no object-replacement characters (attachment placeholders), trimmed. */
    public static String normalise(String s) {
        if (s == null) {
            return "";
        }
        return Normalizer.normalize(s, Normalizer.Form.NFC).replace("\r\n", "\n").replace('\r', '\n')
                .replace("\uFFFC", "").strip();
    }
}
