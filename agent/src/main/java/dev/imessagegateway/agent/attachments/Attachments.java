package dev.imessagegateway.agent.attachments;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** Small helpers shared by the outbound (pull) and inbound (upload) sides. */
public final class Attachments {
    /** At most this many raw bytes per chunk (base64 keeps a frame well under 1 MiB). */
    public static final int CHUNK = 262_144;
    public static final String OCTET_STREAM = "application/octet-stream";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int MAX_NAME_BYTES = 200;

    private Attachments() {
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    public static boolean isSha256(String s) {
        return s != null && SHA256.matcher(s).matches();
    }

    /** Hex sha256 of a file, streamed. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return hex(md.digest());
    }

    /**
     * A file name safe to create inside a staging directory: the last path segment (both {@code /} and {@code \}),
     * without control characters and {@code :}, not {@code .} / {@code ..} / hidden, at most ~200 UTF-8 bytes (the
     * extension kept). Falls back to the (equally cleaned) {@code fallback}, then to {@code attachment}.
     */
    public static String sanitizeFilename(String name, String fallback) {
        String s = clean(name);
        if (s.isEmpty()) {
            s = clean(fallback);
        }
        return s.isEmpty() ? "attachment" : s;
    }

    private static String clean(String name) {
        if (name == null) {
            return "";
        }
        String s = name.replace('\\', '/');
        int slash = s.lastIndexOf('/');
        if (slash >= 0) {
            s = s.substring(slash + 1);
        }
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7F || cp == ':' || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029) {
                b.append('_');
            } else {
                b.appendCodePoint(cp);
            }
        });
        s = b.toString().strip();
        while (s.startsWith(".")) {
            s = s.substring(1); // no "..", no ".", no hidden files
        }
        s = s.strip();
        if (s.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            int dot = s.lastIndexOf('.');
            String ext = dot > 0 && s.length() - dot <= 16 ? s.substring(dot) : "";
            String stem = ext.isEmpty() ? s : s.substring(0, dot);
            while (!stem.isEmpty() && (stem + ext).getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                stem = stem.substring(0, stem.offsetByCodePoints(stem.length(), -1));
            }
            s = stem + ext;
        }
        return s;
    }

    /** {@code ~} and {@code ~/…} (as chat.db writes attachment paths) relative to the user's home. */
    public static Path expandHome(String path) {
        if (path.equals("~")) {
            return Path.of(System.getProperty("user.home"));
        }
        if (path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home"), path.substring(2));
        }
        return Path.of(path);
    }

    /** {@code known} when given, else what the platform guesses from the name/content, else application/octet-stream. */
    public static String mimeType(String known, Path file) {
        if (known != null && !known.isBlank()) {
            return known;
        }
        try {
            String probed = Files.probeContentType(file);
            if (probed != null && !probed.isBlank()) {
                return probed;
            }
        } catch (IOException | RuntimeException ignored) {
            // fall through
        }
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        return switch (ext) {
            case "jpg", "jpeg" -> "image/jpeg";
            case "png" -> "image/png";
            case "gif" -> "image/gif";
            case "heic" -> "image/heic";
            case "mov" -> "video/quicktime";
            case "mp4" -> "video/mp4";
            case "pdf" -> "application/pdf";
            case "txt" -> "text/plain";
            case "caf" -> "audio/x-caf";
            default -> OCTET_STREAM;
        };
    }
}
