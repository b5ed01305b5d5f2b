package dev.imessagegateway.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Files stored by content: {@code <dir>/objects/ab/<sha256>}. Writes stream through a temporary file and a
 * digest, so no file is ever held in memory; a finished file is moved into place atomically. Uploads arriving in
 * chunks (from agents) grow {@code <dir>/incoming/<sha256>.part} and can resume where they stopped.
 */
public class ContentStore {

    private static final Pattern SHA256 = Pattern.compile("^[0-9a-f]{64}$");

    private final Path objects;
    private final Path incoming;

    public ContentStore(Path dir) {
        this.objects = dir.resolve("objects");
        this.incoming = dir.resolve("incoming");
        try {
            Files.createDirectories(objects);
            Files.createDirectories(incoming);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the attachment directory " + dir, e);
        }
    }

    /** A stored file. */
    public record Stored(String sha256, long size, Path path) {
    }

    /** Raised when a stream is longer than allowed; nothing is stored. */
    public static class TooLarge extends IOException {
        public TooLarge(long max) {
            super("larger than " + max + " bytes");
        }
    }

    public static boolean isSha256(String value) {
        return value != null && SHA256.matcher(value).matches();
    }

    public Path path(String sha256) {
        if (!isSha256(sha256)) {
            throw new IllegalArgumentException("not a sha256: " + sha256);
        }
        return objects.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    public boolean contains(String sha256) {
        return isSha256(sha256) && Files.exists(path(sha256));
    }

    /** Streams {@code in} into the store, refusing more than {@code maxBytes}. */
    public Stored store(InputStream in, long maxBytes) throws IOException {
        Path tmp = Files.createTempFile(incoming, "fetch-", ".tmp");
        try {
            MessageDigest digest = sha256();
            long size = 0;
            try (InputStream digesting = new DigestInputStream(in, digest);
                 OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.TRUNCATE_EXISTING)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = digesting.read(buffer)) > 0) {
                    size += n;
                    if (size > maxBytes) {
                        throw new TooLarge(maxBytes);
                    }
                    out.write(buffer, 0, n);
                }
            }
            String sha = HexFormat.of().formatHex(digest.digest());
            return new Stored(sha, size, moveIntoPlace(tmp, sha));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Bytes already received of an upload in progress (0 when none). */
    public long received(String sha256) throws IOException {
        Path part = part(sha256);
        return Files.exists(part) ? Files.size(part) : 0;
    }

    /** Appends a chunk at {@code offset}, which must equal what was received so far; returns the new total. */
    public long append(String sha256, long offset, byte[] chunk, long maxBytes) throws IOException {
        Path part = part(sha256);
        synchronized (this) {
            long have = received(sha256);
            if (offset != have) {
                throw new BadOffset(have);
            }
            if (have + chunk.length > maxBytes) {
                Files.deleteIfExists(part);
                throw new TooLarge(maxBytes);
            }
            Files.write(part, chunk, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return have + chunk.length;
        }
    }

    /** Verifies a finished upload against its sha256 and moves it into the store; a mismatch discards it. */
    public Stored finish(String sha256) throws IOException {
        Path part = part(sha256);
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(part), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(sha256)) {
            Files.deleteIfExists(part);
            throw new ChecksumMismatch(actual);
        }
        long size = Files.size(part);
        return new Stored(sha256, size, moveIntoPlace(part, sha256));
    }

    /** The chunk offset is not where the upload stands. */
    public static class BadOffset extends IOException {
        private final long expected;

        public BadOffset(long expected) {
            super("expected offset " + expected);
            this.expected = expected;
        }

        public long expected() {
            return expected;
        }
    }

    /** The uploaded bytes do not hash to the announced sha256. */
    public static class ChecksumMismatch extends IOException {
        public ChecksumMismatch(String actual) {
            super("content hashes to " + actual);
        }
    }

    private Path part(String sha256) {
        if (!isSha256(sha256)) {
            throw new IllegalArgumentException("not a sha256: " + sha256);
        }
        return incoming.resolve(sha256 + ".part");
    }

    private Path moveIntoPlace(Path file, String sha) throws IOException {
        Path target = path(sha);
        if (Files.exists(target)) {
            Files.deleteIfExists(file);
            return target;
        }
        Files.createDirectories(target.getParent());
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
