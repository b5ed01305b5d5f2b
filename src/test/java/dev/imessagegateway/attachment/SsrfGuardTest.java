package dev.imessagegateway.attachment;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every SSRF refusal, decided before any connection is made. */
class SsrfGuardTest {

    static FileServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = new FileServer().file("/a.bin", new byte[] {1, 2, 3});
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/x", "http://10.1.2.3/x", "http://172.16.0.1/x", "http://192.168.1.1/x",
            "http://169.254.169.254/latest/meta-data", "http://[::1]/x", "http://0.0.0.0/x", "http://224.0.0.1/x",
            "http://100.64.0.1/x", "http://[fd00::1]/x", "http://[fe80::1]/x", "http://[::ffff:127.0.0.1]/x",
            "http://localhost/x", "ftp://example.com/x", "file:///etc/passwd"})
    void refusesNonPublicAddressesAndSchemes(String url) {
        SsrfGuard guard = new SsrfGuard(List.of());
        assertThrows(SsrfGuard.Refused.class, () -> guard.check(URI.create(url)));
    }

    @Test
    void allowListOpensExactlyTheNamedHost() throws Exception {
        SsrfGuard guard = new SsrfGuard(List.of("127.0.0.1"));
        guard.check(URI.create("http://127.0.0.1:8080/x"));
        assertThrows(SsrfGuard.Refused.class, () -> guard.check(URI.create("http://localhost:8080/x")),
                "a DNS name that resolves to loopback is not the allowed IP literal");
        assertThrows(SsrfGuard.Refused.class, () -> guard.check(URI.create("http://[::1]:8080/x")));
    }

    @Test
    void publicAddressesPass() {
        assertEquals(null, SsrfGuard.forbidden(new java.net.InetSocketAddress("93.184.216.34", 80).getAddress()));
        assertFalse(SsrfGuard.forbidden(new java.net.InetSocketAddress("8.8.8.8", 53).getAddress()) != null);
    }

    @Test
    void redirectToLoopbackIsRefusedAtTheHop() {
        server.redirect("/hop", "http://localhost:" + server.port() + "/a.bin");
        AttachmentFetcher fetcher = new AttachmentFetcher(new SsrfGuard(List.of("127.0.0.1")), new ContentStore(dir),
                1_000_000, Duration.ofSeconds(5), 5);
        AttachmentFetcher.FetchFailed e = assertThrows(AttachmentFetcher.FetchFailed.class,
                () -> fetcher.fetch(server.url("/hop"), Long.MAX_VALUE));
        assertTrue(e.getMessage().contains("localhost"), e.getMessage());
        assertFalse(e.retryable());
    }

    @Test
    void loopbackIsRefusedWithoutTheAllowList() {
        AttachmentFetcher fetcher = new AttachmentFetcher(new SsrfGuard(List.of()), new ContentStore(dir),
                1_000_000, Duration.ofSeconds(5), 5);
        AttachmentFetcher.FetchFailed e = assertThrows(AttachmentFetcher.FetchFailed.class,
                () -> fetcher.fetch(server.url("/a.bin"), Long.MAX_VALUE));
        assertTrue(e.getMessage().contains("loopback"), e.getMessage());
    }

    @Test
    void fetchesFollowsRedirectsWithinTheAllowListAndStoresByContent() throws Exception {
        server.redirect("/ok-hop", "/a.bin");
        ContentStore store = new ContentStore(dir);
        AttachmentFetcher fetcher = new AttachmentFetcher(new SsrfGuard(List.of("127.0.0.1")), store,
                1_000_000, Duration.ofSeconds(5), 5);
        AttachmentFetcher.Fetched f = fetcher.fetch(server.url("/ok-hop"), Long.MAX_VALUE);
        assertEquals(3, f.size());
        assertEquals("039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81", f.sha256());
        assertEquals("a.bin", f.filename());
        assertTrue(store.contains(f.sha256()));
    }
}
