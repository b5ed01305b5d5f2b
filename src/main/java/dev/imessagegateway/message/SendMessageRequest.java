package dev.imessagegateway.message;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Body of {@code POST /api/v1/messages}. Unknown fields are rejected (400). */
@RegisterForReflection
@Schema(name = "SendMessageRequest")
public record SendMessageRequest(
        @Schema(required = true, description = "E.164 phone number, Apple ID email, or chat GUID (iMessage;+;chat…, SMS;+;chat…, any;+;chat…). "
                + "Phone numbers are normalised to E.164, emails lower-cased.", examples = "+15551234567")
        String to,
        @Schema(description = "Text, at most 20,000 Unicode code points; required unless attachments is non-empty", examples = "Hello from the gateway!")
        String body,
        @Schema(description = "http/https URLs of files to attach, at most 10", examples = "[\"https://example.com/photo.jpg\"]")
        List<String> attachments,
        @Schema(description = "0–100, higher is dispatched first", minimum = "0", maximum = "100", defaultValue = "0", examples = "0")
        Integer priority,
        @Schema(description = "Registered account to send from (phone or email); 422 if unknown", examples = "+15550001111")
        String fromNumber) {
}
