package dev.imessagegateway.account;

import dev.imessagegateway.common.GatewayConfig;
import dev.imessagegateway.common.FieldError;
import dev.imessagegateway.common.Handles;
import dev.imessagegateway.common.ProblemException;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;

/** Keeps {@code sender_account} current: accounts from configuration at start-up, agents' accounts on hello. */
@ApplicationScoped
public class AccountRegistry {

    private static final Logger LOG = Logger.getLogger(AccountRegistry.class);

    private final Pool pool;
    private final Handles handles;
    /** Handles known to be registered (a registration is never removed, so this cache cannot go stale). */
    private final java.util.Set<String> known = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public AccountRegistry(Pool pool, Handles handles) {
        this.pool = pool;
        this.handles = handles;
    }

    void registerConfigured(@Observes StartupEvent event, GatewayConfig config) {
        List<String> accounts = config.accounts().orElse(List.of()).stream()
                .map(a -> handles.person(a).orElseThrow(() ->
                        new IllegalArgumentException("GATEWAY_ACCOUNTS: not a phone number or email: " + a)))
                .toList();
        register(accounts, "config", null).await().indefinitely();
        if (!accounts.isEmpty()) {
            LOG.infof("Registered sender accounts from configuration: %s", accounts);
        }
    }

    /** True when the handle is a registered sender account (cached after the first hit). */
    public Uni<Boolean> isRegistered(String handle) {
        if (known.contains(handle)) {
            return Uni.createFrom().item(true);
        }
        return pool.preparedQuery("SELECT 1 FROM sender_account WHERE handle = $1")
                .execute(Tuple.of(handle))
                .map(rows -> {
                    if (rows.size() > 0) {
                        known.add(handle);
                    }
                    return rows.size() > 0;
                });
    }

    /** Fails with 422 unless the handle (null: nothing to check) is a registered sender account. */
    public Uni<Void> requireRegistered(String handle) {
        if (handle == null) {
            return Uni.createFrom().voidItem();
        }
        return isRegistered(handle)
                .invoke(registered -> {
                    if (!registered) {
                        throw new ProblemException(422, "Unprocessable Content",
                                "fromNumber " + handle + " is not a registered sender account",
                                List.of(new FieldError("fromNumber", "is not a registered sender account")));
                    }
                })
                .replaceWithVoid();
    }

    /** Upserts the given (already normalised) handles. */
    public Uni<Void> register(List<String> accounts, String source, String agentId) {
        if (accounts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        known.addAll(accounts);
        return pool.preparedQuery("""
                        INSERT INTO sender_account (handle, source, agent_id) VALUES ($1, $2, $3)
                        ON CONFLICT (handle) DO UPDATE SET last_seen_at = now(),
                            agent_id = coalesce(EXCLUDED.agent_id, sender_account.agent_id)""")
                .executeBatch(accounts.stream().map(a -> Tuple.of(a, source, agentId)).toList())
                .replaceWithVoid();
    }
}
