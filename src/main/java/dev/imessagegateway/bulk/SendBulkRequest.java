package dev.imessagegateway.bulk;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Body of {@code POST /api/v1/messages/bulk}. Unknown fields are rejected (400). */
@RegisterForReflection
@Schema(name = "SendBulkRequest")
public record SendBulkRequest(
        @Schema(required = true, description = "One entry per recipient, each validated like POST /api/v1/messages; "
                + "at most GATEWAY_BULK_MAX_RECIPIENTS (default 10,000)")
        List<Entry> messages,
        @Schema(description = "0–100 for every message of the job, default 0", minimum = "0", maximum = "100", examples = "10")
        Integer priority,
        @Schema(description = "Registered account to send every message from", examples = "+15550001111")
        String fromNumber,
        @Schema(description = "A name to find the job by", examples = "November newsletter")
        String name) {

    /** One recipient of a bulk job. */
    @RegisterForReflection
    @Schema(name = "BulkMessage")
    public record Entry(
            @Schema(required = true, examples = "+15551234567") String to,
            @Schema(examples = "Hello!") String body,
            @Schema(description = "http/https URLs, at most 10") List<String> attachments) {
    }
}
