package dev.imessagegateway.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads one attachment URL into the {@link ContentStore}, streaming to disk. Redirects are followed by hand
 * (at most {@code maxRedirects}) so that the {@link SsrfGuard} checks every hop; the size limit is enforced on
 * {@code Content-Length} and again while streaming. Blocking: call it from a worker thread.
 */
public class AttachmentFetcher {

    private static final Pattern FILENAME_STAR = Pattern.compile("filename\\*\\s*=\\s*(?:UTF-8|utf-8)''([^;]+)");
    private static final Pattern FILENAME = Pattern.compile("filename\\s*=\\s*\"?([^\";]+)\"?");

    private final HttpClient http;
    private final SsrfGuard guard;
    private final ContentStore store;
    private final long maxBytes;
    private final Duration timeout;
    private final int maxRedirects;

    public AttachmentFetcher(SsrfGuard guard, ContentStore store, long maxBytes, Duration timeout, int maxRedirects) {
        this.guard = guard;
        this.store = store;
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.maxRedirects = maxRedirects;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
    }

    /** A fetched file. */
    public record Fetched(String sha256, long size, String filename, String mimeType) {
    }

    /** A fetch that failed; {@code retryable} says whether another attempt may succeed. */
    public static class FetchFailed extends Exception {
        private final boolean retryable;

        public FetchFailed(String message, boolean retryable) {
            super(message);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    public Fetched fetch(String url, long maxBytesLeft) throws FetchFailed {
        long limit = Math.min(maxBytes, maxBytesLeft);
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new FetchFailed("invalid URL " + url, false);
        }
        for (int hop = 0; hop <= maxRedirects; hop++) {
            try {
                guard.check(uri);
            } catch (SsrfGuard.Refused e) {
                throw new FetchFailed(e.getMessage(), false);
            }
            HttpResponse<InputStream> response = send(uri);
            int status = response.statusCode();
            if (status >= 300 && status < 400 && status != 304) {
                close(response);
                Optional<String> location = response.headers().firstValue("Location");
                if (location.isEmpty()) {
                    throw new FetchFailed("HTTP " + status + " without Location from " + uri, false);
                }
                uri = uri.resolve(location.get());
                continue;
            }
            if (status != 200) {
                close(response);
                throw new FetchFailed("HTTP " + status + " from " + uri, status == 404 || status == 408 || status == 429 || status >= 500);
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > limit) {
                close(response);
                throw new FetchFailed("too large: " + declared + " bytes from " + uri + " (limit " + limit + ")", false);
            }
            ContentStore.Stored stored;
            try (InputStream body = response.body()) {
                stored = store.store(body, limit);
            } catch (ContentStore.TooLarge e) {
                throw new FetchFailed("too large: more than " + limit + " bytes from " + uri, false);
            } catch (IOException e) {
                throw new FetchFailed("download of " + uri + " failed: " + e.getMessage(), true);
            }
            String filename = filename(response, uri);
            return new Fetched(stored.sha256(), stored.size(), filename, mimeType(response, stored, filename));
        }
        throw new FetchFailed("more than " + maxRedirects + " redirects from " + url, false);
    }

    private HttpResponse<InputStream> send(URI uri) throws FetchFailed {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                .header("User-Agent", "imessage-gateway/0.1").build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new FetchFailed("time-out fetching " + uri, true);
        } catch (IOException e) {
            throw new FetchFailed("cannot fetch " + uri + ": " + e.getMessage(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchFailed("interrupted fetching " + uri, true);
        }
    }

    private static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // nothing to keep
        }
    }

    static String filename(HttpResponse<?> response, URI uri) {
        String disposition = response.headers().firstValue("Content-Disposition").orElse("");
        Matcher star = FILENAME_STAR.matcher(disposition);
        String name = null;
        if (star.find()) {
            name = URLDecoder.decode(star.group(1).trim(), StandardCharsets.UTF_8);
        } else {
            Matcher plain = FILENAME.matcher(disposition);
            if (plain.find()) {
                name = plain.group(1).trim();
            }
        }
        if (name == null || name.isBlank()) {
            String path = uri.getPath() == null ? "" : uri.getPath();
            name = path.substring(path.lastIndexOf('/') + 1);
        }
        return sanitize(name);
    }

    /** A file name without directories or control characters; "attachment" when nothing is left. */
    public static String sanitize(String name) {
        String base = name == null ? "" : name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"]", "").trim();
        if (base.isEmpty() || base.equals(".") || base.equals("..")) {
            return "attachment";
        }
        return base.length() > 200 ? base.substring(base.length() - 200) : base;
    }

    private static String mimeType(HttpResponse<?> response, ContentStore.Stored stored, String filename) {
        String header = response.headers().firstValue("Content-Type").orElse("").split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!header.isEmpty() && !header.equals("application/octet-stream")) {
            return header;
        }
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(stored.path()))) {
            String sniffed = java.net.URLConnection.guessContentTypeFromStream(in);
            if (sniffed != null) {
                return sniffed;
            }
        } catch (IOException ignored) {
            // fall through to the name
        }
        String byName = java.net.URLConnection.guessContentTypeFromName(filename);
        return byName != null ? byName : "application/octet-stream";
    }
}
