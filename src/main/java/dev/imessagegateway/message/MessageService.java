package dev.imessagegateway.message;

import dev.imessagegateway.account.AccountRegistry;
import dev.imessagegateway.common.FieldError;
import dev.imessagegateway.common.ProblemException;
import dev.imessagegateway.dispatch.DispatchSignal;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Writes of messages: enqueue (group-committed), cancel, retry. Each runs in one transaction. */
@ApplicationScoped
public class MessageService {

    private static final List<MessageStatus> CANCELLABLE = List.of(MessageStatus.QUEUED, MessageStatus.FAILED);
    private static final List<MessageStatus> RETRYABLE = List.of(MessageStatus.DEAD_LETTER, MessageStatus.FAILED);

    private final MessageRules rules;
    private final EnqueueBatcher batcher;
    private final AccountRegistry accounts;
    private final DispatchSignal signal;

    public MessageService(MessageRules rules, EnqueueBatcher batcher, AccountRegistry accounts, DispatchSignal signal) {
        this.rules = rules;
        this.batcher = batcher;
        this.accounts = accounts;
        this.signal = signal;
    }

    /** Validates and queues a message; completes once it is committed (group commit, see {@link EnqueueBatcher}). */
    public Uni<MessageView> send(SendMessageRequest request) {
        MessageRules.Draft draft = validate(request);
        return accounts.requireRegistered(draft.fromNumber())
                .chain(() -> batcher.enqueue(draft))
                .map(m -> MessageView.of(m, draft.attachments().isEmpty() ? null : draft.attachments()));
    }

    /** Cancels a queued or failed message; 409 once it has been handed to an agent. */
    @WithTransaction
    public Uni<MessageView> cancel(String id) {
        return Message.update("status = ?1, updatedAt = ?2, nextAttemptAt = ?2 where id = ?3 and status in ?4",
                        MessageStatus.CANCELLED, now(), id, CANCELLABLE)
                .chain(updated -> Message.<Message>findById(id))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Message", id))
                .invoke(m -> {
                    if (m.status != MessageStatus.CANCELLED) {
                        throw ProblemException.conflict("Message " + id + " is " + m.status.wire()
                                + "; only queued or failed messages can be cancelled");
                    }
                })
                .map(MessageView::of);
    }

    /** Puts a dead-lettered or failed message back in the queue, with a fresh set of attempts; wakes dispatchers after commit. */
    public Uni<MessageView> retry(String id) {
        return Panache.withTransaction(() -> requeue(id))
                .invoke(signal::committed);
    }

    private static Uni<MessageView> requeue(String id) {
        return Message.update("status = ?1, updatedAt = ?2, nextAttemptAt = ?2, attemptsBase = attempts, lastError = null"
                                + " where id = ?3 and status in ?4",
                        MessageStatus.QUEUED, now(), id, RETRYABLE)
                .chain(updated -> Message.<Message>findById(id)
                        .onItem().ifNull().failWith(() -> ProblemException.notFound("Message", id))
                        .invoke(m -> {
                            if (updated == 0) {
                                throw ProblemException.conflict("Message " + id + " is " + m.status.wire()
                                        + "; only dead_letter or failed messages can be retried");
                            }
                        }))
                .map(MessageView::of);
    }

    private MessageRules.Draft validate(SendMessageRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("body", "a JSON object is required");
        }
        List<FieldError> errors = new ArrayList<>();
        MessageRules.Draft draft = rules.check("", request.to(), request.body(), request.attachments(),
                request.priority(), request.fromNumber(), errors);
        if (draft == null) {
            throw validationProblem(errors);
        }
        return draft;
    }

    /** 413 when the only problem is a too-long body, else 400 listing every bad field. */
    public static ProblemException validationProblem(List<FieldError> errors) {
        String detail = errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse("");
        return MessageRules.onlyTooLarge(errors)
                ? new ProblemException(413, "Payload Too Large", detail, errors)
                : new ProblemException(400, "Bad Request", detail, errors);
    }

    /** Database timestamps have microsecond precision: truncate so what we return equals what we store. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
