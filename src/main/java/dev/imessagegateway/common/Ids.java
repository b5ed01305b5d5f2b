package dev.imessagegateway.common;

import java.security.SecureRandom;

/**
 * Opaque, time-ordered, globally unique ids: a type prefix and a ULID ({@code msg_01JDZ...}).
 * The first 48 bits are the milliseconds since the epoch, the next 80 are random, so ids from several
 * instances sort by creation time; within one millisecond one instance increments the random part,
 * so its ids stay strictly increasing.
 */
public final class Ids {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private static long lastMillis;
    private static long randHigh; // 16 bits
    private static long randLow;  // 64 bits

    private Ids() {
    }

    public static String message() {
        return "msg_" + ulid();
    }

    public static String bulkJob() {
        return "bulk_" + ulid();
    }

    public static String attachment() {
        return "att_" + ulid();
    }

    public static synchronized String ulid() {
        long now = System.currentTimeMillis();
        if (now > lastMillis) {
            lastMillis = now;
            randHigh = RANDOM.nextInt(1 << 16);
            randLow = RANDOM.nextLong();
        } else if (++randLow == 0) {
            randHigh = (randHigh + 1) & 0xFFFF; // overflow of 80 bits within one ms: practically never
        }
        char[] out = new char[26];
        long time = lastMillis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        // 80 random bits as 16 characters: high 16 bits then low 64 bits.
        long low = randLow;
        long high = randHigh;
        for (int i = 25; i >= 10; i--) {
            out[i] = ALPHABET[(int) (low & 31)];
            low = (low >>> 5) | ((high & 31) << 59);
            high >>>= 5;
        }
        return new String(out);
    }
}
