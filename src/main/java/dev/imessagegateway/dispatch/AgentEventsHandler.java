package dev.imessagegateway.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imessagegateway.account.AccountRegistry;
import dev.imessagegateway.agent.AgentConnection;
import dev.imessagegateway.agent.AgentEvents;
import dev.imessagegateway.attachment.AttachmentService;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imessagegateway.common.Handles;
import dev.imessagegateway.common.Ids;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Turns agent events into database changes; each reply to the agent waits for the commit. */
public class AgentEventsHandler implements AgentEvents {

    private static final Logger LOG = Logger.getLogger(AgentEventsHandler.class);

    private final Pool pool;
    private final Outcomes outcomes;
    private final AccountRegistry accounts;
    private final Handles handles;
    private final AttachmentService attachments;
    private volatile Reconciler reconciler;
    private volatile Runnable wake = () -> { };
    private volatile java.util.function.Consumer<String> releaseSlot = id -> { };

    public AgentEventsHandler(Pool pool, Outcomes outcomes, AccountRegistry accounts, Handles handles,
                              AttachmentService attachments) {
        this.pool = pool;
        this.attachments = attachments;
        this.outcomes = outcomes;
        this.accounts = accounts;
        this.handles = handles;
    }

    /** Wires the parts created after this one (they depend on the client that depends on this). */
    public void wire(Reconciler reconciler, Runnable wake, java.util.function.Consumer<String> releaseSlot) {
        this.reconciler = reconciler;
        this.wake = wake;
        this.releaseSlot = releaseSlot;
    }

    @Override
    public CompletionStage<Void> onHello(AgentConnection connection) {
        return accounts.register(connection.accounts(), "agent", connection.agentId())
                .chain(() -> reconciler == null ? Uni.createFrom().voidItem() : reconciler.afterHello(connection)
                        .onFailure().invoke(e -> LOG.warnf("Reconciling with %s failed: %s", connection.agentId(), e.toString()))
                        .onFailure().recoverWithNull())
                .subscribeAsCompletionStage();
    }

    @Override
    public CompletionStage<Void> onStatus(AgentConnection connection, JsonNode data) {
        String messageId = data.path("messageId").asText(null);
        String state = data.path("state").asText("");
        if (messageId == null) {
            return Uni.createFrom().<Void>failure(new IllegalArgumentException("status without messageId")).subscribeAsCompletionStage();
        }
        if (state.equals("sent") || state.equals("failed")) {
            releaseSlot.accept(messageId);
        }
        return applyState(outcomes, messageId, state, data).subscribeAsCompletionStage();
    }

    /** Applies a state the agent reports for a message (from a status event, a send reply or a query reply). */
    static Uni<Void> applyState(Outcomes outcomes, String messageId, String state, JsonNode data) {
        return switch (state) {
            case "sent", "delivered", "read" ->
                    outcomes.reached(messageId, state, instant(data.path("at").asText(null)), data.path("guid").asText(null))
                            .replaceWithVoid();
            case "failed" -> {
                JsonNode error = data.path("error");
                yield outcomes.failed(messageId, error.path("code").asText("failed") + ": " + error.path("message").asText(""),
                        error.path("retryable").asBoolean(false)).replaceWithVoid();
            }
            case "unknown" -> outcomes.notAccepted(List.of(messageId)).replaceWithVoid();
            default -> Uni.createFrom().voidItem(); // accepted: outcome still pending
        };
    }

    @Override
    public CompletionStage<Void> onInbound(AgentConnection connection, JsonNode data) {
        String guid = data.path("guid").asText(null);
        String rawFrom = data.path("from").asText(null);
        if (guid == null || rawFrom == null) {
            return Uni.createFrom().<Void>failure(new IllegalArgumentException("inbound needs guid and from")).subscribeAsCompletionStage();
        }
        String from = handles.person(rawFrom).orElse(rawFrom);
        String account = data.path("account").asText(connection.accounts().isEmpty() ? "" : connection.accounts().get(0));
        String chat = data.path("chat").asText(null);
        String body = data.path("body").isTextual() ? data.get("body").asText() : null;
        Instant at = instant(data.path("at").asText(null));
        JsonNode files = data.path("attachments");
        try {
            attachments.requireStored(files);
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        return pool.preparedQuery("""
                        INSERT INTO message (id, direction, status, recipient, sender, participant, body, guid, chat,
                                             created_at, queued_at, updated_at)
                        VALUES ($1, 'received', 'received', $2, $3, $3, $4, $5, $6, $7, NULL, now())
                        ON CONFLICT (guid) WHERE direction = 'received' DO NOTHING
                        RETURNING id""")
                .execute(Tuple.tuple()
                        .addValue(Ids.message()).addValue(account).addValue(from).addValue(body)
                        .addValue(guid).addValue(chat).addValue(Outcomes.utc(at)))
                .chain(rows -> rows.size() == 0 || !files.isArray()
                        ? Uni.createFrom().voidItem()
                        : attachments.linkInbound(rows.iterator().next().getString("id"), files))
                .subscribeAsCompletionStage();
    }

    @Override
    public CompletionStage<ObjectNode> onAttachmentGet(AgentConnection connection, JsonNode data) {
        return attachments.chunk(data).subscribeAsCompletionStage();
    }

    @Override
    public CompletionStage<ObjectNode> onAttachmentPut(AgentConnection connection, JsonNode data) {
        return attachments.put(data).subscribeAsCompletionStage();
    }

    @Override
    public void onCapacity() {
        wake.run();
    }

    static Instant instant(String iso) {
        if (iso == null) {
            return Instant.now();
        }
        try {
            return Instant.parse(iso);
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }
}
