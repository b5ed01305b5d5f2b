package dev.imessagegateway.agent.attachments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imessagegateway.agent.protocol.FrameCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file of an incoming message, as kept in the event journal: where it is on this Mac, and what the gateway is told
 * about it ({@code filename, mimeType, size, sha256}).
 */
public record InboundFile(Path path, String filename, String mimeType, long size, String sha256) {

    /** Reads size and sha256 of {@code path} (streamed); {@code mimeType} null: probed. */
    public static InboundFile of(Path path, String filename, String mimeType) throws IOException {
        long size = Files.size(path);
        String sha = Attachments.sha256(path);
        String name = Attachments.sanitizeFilename(filename != null ? filename : String.valueOf(path.getFileName()), "attachment");
        return new InboundFile(path, name, Attachments.mimeType(mimeType, path), size, sha);
    }

    /** The entry of the {@code inbound} event's {@code attachments} list. */
    public ObjectNode toEventJson() {
        return FrameCodec.JSON.createObjectNode().put("filename", filename).put("mimeType", mimeType).put("size", size)
                .put("sha256", sha256);
    }

    /** The journal form (with the local path). */
    public ObjectNode toJournalJson() {
        return toEventJson().put("path", path.toString());
    }

    public static InboundFile fromJournalJson(JsonNode n) {
        return new InboundFile(Path.of(n.path("path").asText()), n.path("filename").asText(), n.path("mimeType").asText(),
                n.path("size").asLong(), n.path("sha256").asText());
    }
}
