package dev.imessagegateway.message;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One attachment of a message. {@code url} is an absolute, signed, expiring link to the gateway's own content
 * endpoint (usable without the API key); until an outbound file is fetched, the metadata is null and the link
 * answers 404.
 */
@RegisterForReflection
@Schema(name = "Attachment")
public record AttachmentView(
        String id,
        @Schema(nullable = true) String filename,
        @Schema(nullable = true) String mimeType,
        @Schema(nullable = true) Long size,
        @Schema(nullable = true, description = "hex SHA-256 of the content") String sha256,
        @Schema(description = "GET this to download (signed link, expires)") String url,
        @Schema(nullable = true, description = "The URL the file was fetched from (outbound only)") String sourceUrl) {

    public static AttachmentView of(MessageAttachment a, String url) {
        return new AttachmentView(a.id, a.filename, a.mimeType, a.size, a.sha256, url, a.sourceUrl);
    }
}
