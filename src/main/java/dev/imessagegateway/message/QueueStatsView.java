package dev.imessagegateway.message;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code GET /api/v1/messages/queue/stats}. */
@RegisterForReflection
@Schema(name = "QueueStats")
public record QueueStatsView(
        @Schema(description = "Messages queued") long pending,
        @Schema(description = "Messages handed to an agent, not yet confirmed (sending)") long processing,
        @Schema(description = "Messages whose last attempt failed, awaiting a retry") long failed,
        @Schema(description = "Messages given up on (dead_letter)") long deadLetter) {
}
