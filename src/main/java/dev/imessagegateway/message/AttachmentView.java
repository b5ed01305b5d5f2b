package dev.imessagegateway.message;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One attachment of a message. Until files are fetched, {@code url} is the source URL and the rest may be null. */
@RegisterForReflection
@Schema(name = "Attachment")
public record AttachmentView(
        String id,
        String url,
        @Schema(nullable = true) String filename,
        @Schema(nullable = true) String mimeType,
        @Schema(nullable = true) Long size) {

    public static AttachmentView of(MessageAttachment a) {
        return new AttachmentView(a.id, a.sourceUrl, a.filename, a.mimeType, a.size);
    }
}
