package dev.imessagegateway.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** A message as the API shows it. Timestamps not reached yet are null. */
@RegisterForReflection
@Schema(name = "Message")
public record MessageView(
        @Schema(examples = "msg_01JDZ8Q6M2W3X4Y5Z6A7B8C9D0") String id,
        @Schema(enumeration = {"sent", "received"}) String direction,
        @Schema(enumeration = {"queued", "sending", "sent", "delivered", "read", "failed", "dead_letter", "cancelled", "received"})
        MessageStatus status,
        @Schema(examples = "+15551234567") String to,
        @Schema(description = "The account it was (or will be) sent from once known, or the sender of a received message", nullable = true)
        String from,
        @Schema(nullable = true, description = "Account requested by the client") String fromNumber,
        @Schema(nullable = true) String body,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "Attachment URLs (only on the single-message and create responses)", nullable = true)
        List<String> attachments,
        int priority,
        @Schema(description = "Hand-overs to a sender agent") int attempts,
        @Schema(nullable = true) String lastError,
        @Schema(nullable = true) String bulkJobId,
        Instant createdAt,
        @Schema(nullable = true) Instant sentAt,
        @Schema(nullable = true) Instant deliveredAt,
        @Schema(nullable = true) Instant readAt) {

    public static MessageView of(Message m) {
        return of(m, null);
    }

    public static MessageView of(Message m, List<String> attachments) {
        return new MessageView(m.id, m.direction, m.status, m.recipient, m.sender, m.fromNumber, m.body, attachments,
                m.priority, m.attempts, m.lastError, m.bulkJobId, m.createdAt, m.sentAt, m.deliveredAt, m.readAt);
    }
}
