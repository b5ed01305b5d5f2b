package dev.imessagegateway.agent.attachments;

import java.nio.file.Path;

/** An outbound attachment pulled from the gateway, verified (size + sha256) and staged at {@code path}. */
public record StagedAttachment(String attachmentId, String filename, String mimeType, long size, String sha256, Path path) {
}
