package dev.imessagegateway.agent.backend.messages;

import java.nio.charset.StandardCharsets;

/**
 * Extracts the text of {@code message.attributedBody} (an NSArchiver "typedstream" of an NSAttributedString),
 * used when {@code message.text} is NULL (macOS 13+): after the NSString / NSMutableString class marker comes a
 * {@code +} (0x2B) byte, then the length (one byte; or 0x81 + 2-byte little-endian; or 0x82 + 4-byte LE), then UTF-8.
 */
public final class AttributedBody {
    private static final byte[][] MARKERS = {"NSMutableString".getBytes(StandardCharsets.US_ASCII),
            "NSString".getBytes(StandardCharsets.US_ASCII)};

    private AttributedBody() {
    }

    /** The text, or null when the blob has no readable string. */
    public static String decode(byte[] blob) {
        if (blob == null) {
            return null;
        }
        int start = -1;
        for (byte[] marker : MARKERS) {
            int at = indexOf(blob, marker);
            if (at >= 0 && (start < 0 || at < start)) {
                start = at + marker.length;
            }
        }
        if (start < 0) {
            return null;
        }
        for (int i = start; i < blob.length; i++) {
            if (blob[i] != 0x2B) {
                continue;
            }
            int p = i + 1;
            if (p >= blob.length) {
                return null;
            }
            int first = blob[p] & 0xFF;
            long len;
            if (first == 0x81) {
                if (p + 2 >= blob.length) {
                    return null;
                }
                len = (blob[p + 1] & 0xFF) | (blob[p + 2] & 0xFF) << 8;
                p += 3;
            } else if (first == 0x82) {
                if (p + 4 >= blob.length) {
                    return null;
                }
                len = (blob[p + 1] & 0xFFL) | (blob[p + 2] & 0xFFL) << 8 | (blob[p + 3] & 0xFFL) << 16 | (blob[p + 4] & 0xFFL) << 24;
                p += 5;
            } else {
                len = first;
                p += 1;
            }
            if (len < 0 || p + len > blob.length) {
                return null;
            }
            return new String(blob, p, (int) len, StandardCharsets.UTF_8);
        }
        return null;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
