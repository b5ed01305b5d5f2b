package dev.imessagegateway.bulk;

import dev.imessagegateway.message.Message;
import dev.imessagegateway.message.MessageStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** The shapes of the bulk API's responses. */
public final class BulkViews {

    private BulkViews() {
    }

    /** Response of {@code POST /api/v1/messages/bulk}. */
    @RegisterForReflection
    @Schema(name = "BulkJobCreated")
    public record Created(String jobId, @Schema(enumeration = {"processing"}) String status, int totalRecipients, Instant createdAt) {
    }

    /** Messages of a job in each state. */
    @RegisterForReflection
    @Schema(name = "BulkJobCounts")
    public record Counts(long queued, long sending, long sent, long delivered, long read, long failed, long deadLetter,
                         long cancelled) {

        /** Messages in a final state: sent, delivered, read, dead letter, cancelled. */
        public long completed() {
            return sent + delivered + read + deadLetter + cancelled;
        }

        /** Messages queued, sending or awaiting a retry. */
        public long open() {
            return queued + sending + failed;
        }
    }

    /** Response of {@code GET /api/v1/messages/bulk/{jobId}}. */
    @RegisterForReflection
    @Schema(name = "BulkJob")
    public record Detail(String jobId, @Schema(nullable = true) String name,
                         @Schema(enumeration = {"processing", "completed", "cancelled"}) String status,
                         int totalRecipients, int priority, @Schema(nullable = true) String fromNumber, Counts counts,
                         @Schema(description = "Messages in a final state (sent, delivered, read, dead letter, cancelled)") long completed,
                         @Schema(description = "completed / totalRecipients × 100, one decimal") double percentComplete,
                         Instant createdAt, @Schema(nullable = true) Instant completedAt,
                         @Schema(nullable = true) Instant cancelledAt) {
    }

    /** One item of {@code GET /api/v1/messages/bulk}. */
    @RegisterForReflection
    @Schema(name = "BulkJobSummary")
    public record Summary(String jobId, @Schema(nullable = true) String name,
                          @Schema(enumeration = {"processing", "completed", "cancelled"}) String status,
                          int totalRecipients,
                          @Schema(description = "percent complete, 0–100, one decimal") double progress,
                          Instant createdAt, @Schema(nullable = true) Instant completedAt) {
    }

    /** One recipient's result. */
    @RegisterForReflection
    @Schema(name = "BulkResult")
    public record Result(String to, String messageId,
                         @Schema(enumeration = {"queued", "sending", "sent", "delivered", "read", "failed", "dead_letter", "cancelled"})
                         MessageStatus status, int attempts, @Schema(nullable = true) String lastError,
                         @Schema(nullable = true) Instant sentAt, @Schema(nullable = true) Instant deliveredAt) {

        public static Result of(Message m) {
            return new Result(m.recipient, m.id, m.status, m.attempts, m.lastError, m.sentAt, m.deliveredAt);
        }
    }

    static double percent(long completed, int total) {
        return total == 0 ? 100.0 : Math.round(completed * 1000.0 / total) / 10.0;
    }
}
