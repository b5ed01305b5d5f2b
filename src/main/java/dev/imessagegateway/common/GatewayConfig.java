package dev.imessagegateway.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** All settings of the gateway, under the prefix {@code gateway} (environment: {@code GATEWAY_...}). */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** API keys accepted in {@code Authorization: Bearer <key>}, comma-separated ({@code GATEWAY_API_KEYS}). */
    @WithName("api-keys")
    Optional<List<String>> apiKeys();

    /** Accounts registered by configuration that messages may be sent from ({@code GATEWAY_ACCOUNTS}). */
    Optional<List<String>> accounts();

    /** Default region for phone numbers written without a country code (ISO 3166 code, e.g. {@code US}). */
    @WithDefault("US")
    String defaultRegion();

    /** Largest accepted HTTP request body in bytes; larger requests get 413. */
    @WithDefault("33554432")
    long maxRequestBytes();

    /** Sender agents to connect to, comma-separated {@code unix:/path} or {@code tcp:127.0.0.1:PORT} ({@code GATEWAY_AGENTS}). */
    Optional<List<String>> agents();

    /** The dispatcher. */
    Dispatch dispatch();

    /** Per-account pacing. */
    Pacing pacing();

    /** The in-process simulated agent. */
    Simulator simulator();

    /** Bulk jobs. */
    Bulk bulk();

    /** Attachments: fetching, storage and download links. */
    Attachments attachments();

    interface Attachments {
        /** Where files are stored, content-addressed by sha256 ({@code GATEWAY_ATTACHMENTS_DIR}). */
        @WithDefault("data/attachments")
        String dir();

        /** Largest file fetched or received, in bytes (default 100 MB). */
        @WithDefault("104857600")
        long maxFileBytes();

        /** Largest total of one message's files, in bytes (default 250 MB). */
        @WithDefault("262144000")
        long maxMessageBytes();

        /** Time-out of one fetch (connect and whole transfer). */
        @WithDefault("60s")
        Duration fetchTimeout();

        /** Redirects followed per fetch. */
        @WithDefault("5")
        int maxRedirects();

        /**
         * Hosts or IP literals that may be fetched although they are loopback, private, link-local, multicast or
         * unspecified ({@code GATEWAY_ATTACHMENTS_ALLOWED_HOSTS}); matched against the URL's host as written.
         */
        Optional<List<String>> allowedHosts();

        /** Secret that signs download links; without it a random one is made at start-up (links die with the process). */
        Optional<String> signingKey();

        /** How long a signed download link stays valid. */
        @WithDefault("1h")
        Duration linkTtl();
    }

    interface Bulk {
        /** Most recipients in one bulk job ({@code GATEWAY_BULK_MAX_RECIPIENTS}); above it the request gets 413. */
        @WithDefault("10000")
        int maxRecipients();

        /** Messages inserted per statement when a job is created. */
        @WithDefault("5000")
        int insertChunk();
    }

    interface Dispatch {
        /** How often the dispatcher looks for ready messages when nothing woke it up. */
        @WithDefault("1s")
        String interval();

        /** How long a claimed message belongs to this instance before lease recovery looks at it ({@code GATEWAY_DISPATCH_LEASE}). */
        @WithDefault("2m")
        Duration lease();

        /** Hand-overs before a message goes to the dead letter state ({@code GATEWAY_DISPATCH_MAX_ATTEMPTS}). */
        @WithDefault("5")
        int maxAttempts();

        /** First retry delay; doubles with each attempt, with jitter. */
        @WithDefault("5s")
        Duration backoffBase();

        /** Longest retry delay. */
        @WithDefault("15m")
        Duration backoffMax();

        /** How long to wait for an agent's reply to a send before leaving the message to lease recovery. */
        @WithDefault("30s")
        Duration replyTimeout();

        /** How often expired leases are looked for. */
        @WithDefault("5s")
        String recoveryInterval();

        /** Most messages claimed in one statement. */
        @WithDefault("500")
        int maxBatch();
    }

    interface Pacing {
        /** Pace sends per account ({@code GATEWAY_PACING_ENABLED}); off only for benchmarks and demos. */
        @WithDefault("true")
        boolean enabled();

        /** Messages per minute per account. */
        @WithDefault("60")
        int messagesPerMinute();

        /** New recipients (never written to by the account) per hour per account. */
        @WithDefault("15")
        int newRecipientsPerHour();

        /** New recipients per day per account. */
        @WithDefault("50")
        int newRecipientsPerDay();
    }

    interface Simulator {
        /** Start the in-process simulated agent ({@code GATEWAY_SIMULATOR}); in dev mode it starts when no agent is configured. */
        @WithParentName
        Optional<Boolean> enabled();

        /** Accounts of the simulated agent ({@code GATEWAY_SIMULATOR_ACCOUNTS}). */
        @WithDefault("+15550001111")
        List<String> accounts();

        /** Delay before a simulated send is reported {@code sent}. */
        @WithDefault("5ms")
        Duration sendDelay();

        /** Delay after {@code sent} before it is reported {@code delivered}. */
        @WithDefault("20ms")
        Duration deliverDelay();

        /** Recipients matching this regex fail non-retryably. */
        Optional<String> failPattern();

        /** Recipients matching this regex fail retryably {@code flaky-times} times per message, then succeed. */
        Optional<String> flakyPattern();

        /** How often a flaky recipient fails before succeeding. */
        @WithDefault("2")
        int flakyTimes();

        /** Most messages the simulated agent holds at once. */
        @WithDefault("64")
        int maxInFlight();

        /** Where the simulator writes one JSON line per message it "sends" (optional). */
        Optional<String> sentLog();
    }
}
