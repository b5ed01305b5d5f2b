package dev.imessagegateway.auth;

import dev.imessagegateway.common.GatewayConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** The configured API keys, compared in constant time. */
@Singleton
public class ApiKeys {

    private static final Logger LOG = Logger.getLogger(ApiKeys.class);

    private final List<byte[]> keys;

    public ApiKeys(GatewayConfig config) {
        this.keys = config.apiKeys().orElse(List.of()).stream()
                .map(String::trim)
                .filter(k -> !k.isEmpty())
                .map(k -> k.getBytes(StandardCharsets.UTF_8))
                .toList();
    }

    void announce(@Observes StartupEvent event, GatewayConfig config) {
        if (keys.isEmpty()) {
            LOG.warn("No API key configured (GATEWAY_API_KEYS): every /api/v1 request will get 401");
        } else if (LaunchMode.current() == LaunchMode.DEVELOPMENT) {
            LOG.infof("Development API key: %s  (curl -H 'Authorization: Bearer %s' ...)",
                    config.apiKeys().get().get(0), config.apiKeys().get().get(0));
        }
    }

    /** True when the presented key equals one of the configured keys; the comparison time does not depend on where they differ. */
    public boolean accepts(String presented) {
        if (presented == null) {
            return false;
        }
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] key : keys) {
            match |= MessageDigest.isEqual(key, candidate);
        }
        return match;
    }
}
