package dev.imessagegateway.agent.attachments;

import com.fasterxml.jackson.databind.JsonNode;

/** An outbound attachment reference of {@code send.data.attachments}: {@code {attachmentId, filename, mimeType, size, sha256}}. */
public record AttachmentRef(String attachmentId, String filename, String mimeType, long size, String sha256) {

    /** Whether an element of {@code send.data.attachments} is a reference (and not a legacy local path). */
    public static boolean isRef(JsonNode n) {
        return n != null && n.isObject() && n.has("attachmentId");
    }

    /** @throws IllegalArgumentException with a message for {@code bad_request} when a field is missing or wrong */
    public static AttachmentRef fromJson(JsonNode n) {
        JsonNode id = n.get("attachmentId");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw new IllegalArgumentException("attachment needs a string attachmentId");
        }
        JsonNode size = n.get("size");
        if (size == null || !size.canConvertToLong() || !size.isIntegralNumber() || size.asLong() < 0) {
            throw new IllegalArgumentException("attachment " + id.asText() + " needs a non-negative integer size");
        }
        JsonNode sha = n.get("sha256");
        if (sha == null || !sha.isTextual() || !Attachments.isSha256(sha.asText())) {
            throw new IllegalArgumentException("attachment " + id.asText() + " needs sha256 as 64 hex digits");
        }
        String filename = n.path("filename").isTextual() ? n.get("filename").asText() : null;
        String mime = n.path("mimeType").isTextual() ? n.get("mimeType").asText() : null;
        return new AttachmentRef(id.asText(), filename, mime, size.asLong(), sha.asText().toLowerCase());
    }
}
