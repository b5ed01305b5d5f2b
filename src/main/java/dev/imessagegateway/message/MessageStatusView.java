package dev.imessagegateway.message;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** Body of {@code GET /api/v1/messages/{id}/status}. */
@RegisterForReflection
@Schema(name = "MessageStatus")
public record MessageStatusView(
        String id,
        @Schema(enumeration = {"queued", "sending", "sent", "delivered", "read", "failed", "dead_letter", "cancelled", "received"})
        MessageStatus status,
        int attempts,
        @Schema(nullable = true) String lastError,
        @Schema(nullable = true) Instant queuedAt,
        @Schema(nullable = true) Instant sentAt,
        @Schema(nullable = true) Instant deliveredAt) {

    public static MessageStatusView of(Message m) {
        return new MessageStatusView(m.id, m.status, m.attempts, m.lastError, m.queuedAt, m.sentAt, m.deliveredAt);
    }
}
