package dev.imessagegateway.agent.attachments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imessagegateway.agent.protocol.Frame;
import dev.imessagegateway.agent.protocol.FrameCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Outbound: pulls the files of a {@code send} from the gateway with {@code attachment.get} (consecutive ranges of
 * at most {@link Attachments#CHUNK} bytes until {@code eof}), streaming each to a temp file in its own
 * {@code <stagingDir>/<uuid>/} directory, checks size and sha256, then renames it to the sanitised file name.
 * Nothing is ever held in memory beyond one chunk.
 */
public final class AttachmentPuller {
    private final Path stagingDir;

    public AttachmentPuller(Path stagingDir) {
        this.stagingDir = stagingDir;
    }

    public Path stagingDir() {
        return stagingDir;
    }

    /** Pulls and stages every reference; on failure removes what it staged and throws. */
    public List<StagedAttachment> pullAll(List<AttachmentRef> refs, Requester requester) throws AttachmentException {
        List<StagedAttachment> out = new ArrayList<>();
        try {
            for (AttachmentRef ref : refs) {
                out.add(pull(ref, requester));
            }
            return out;
        } catch (AttachmentException | RuntimeException e) {
            discard(out);
            throw e;
        }
    }

    /** Deletes staged files (and their per-file directories), e.g. when the send was not accepted after all. */
    public static void discard(List<StagedAttachment> staged) {
        for (StagedAttachment s : staged) {
            deleteQuietly(s.path());
            deleteQuietly(s.path().getParent());
        }
    }

    StagedAttachment pull(AttachmentRef ref, Requester requester) throws AttachmentException {
        String name = Attachments.sanitizeFilename(ref.filename(), ref.attachmentId());
        Path dir = stagingDir.resolve(UUID.randomUUID().toString());
        Path part = dir.resolve(".part-" + UUID.randomUUID());
        boolean ok = false;
        try {
            Files.createDirectories(dir);
            MessageDigest md = Attachments.sha256();
            long offset = 0;
            try (OutputStream out = Files.newOutputStream(part)) {
                while (true) {
                    ObjectNode req = FrameCodec.JSON.createObjectNode().put("attachmentId", ref.attachmentId())
                            .put("offset", offset).put("length", Attachments.CHUNK);
                    Frame reply = requester.call("attachment.get", req);
                    JsonNode d = reply.data() == null ? FrameCodec.JSON.createObjectNode() : reply.data();
                    if (!Frame.OK.equals(reply.type())) {
                        throw new AttachmentException("gateway answered attachment.get for " + ref.attachmentId() + " at offset "
                                + offset + " with " + d.path("code").asText("error") + ": " + d.path("message").asText(""));
                    }
                    if (d.has("offset") && d.get("offset").asLong(-1) != offset) {
                        throw new AttachmentException("attachment.get for " + ref.attachmentId() + " asked for offset " + offset
                                + " but got offset " + d.get("offset").asText());
                    }
                    byte[] bytes;
                    try {
                        bytes = Base64.getDecoder().decode(d.path("data").asText(""));
                    } catch (IllegalArgumentException e) {
                        throw new AttachmentException("attachment " + ref.attachmentId() + ": chunk at " + offset + " is not base64");
                    }
                    if (bytes.length > Attachments.CHUNK) {
                        throw new AttachmentException("attachment " + ref.attachmentId() + ": chunk of " + bytes.length
                                + " bytes is longer than asked for");
                    }
                    out.write(bytes);
                    md.update(bytes);
                    offset += bytes.length;
                    if (offset > ref.size()) {
                        throw new AttachmentException("attachment " + ref.attachmentId() + " is longer than its size " + ref.size());
                    }
                    if (d.path("eof").asBoolean(false)) {
                        break;
                    }
                    if (bytes.length == 0) {
                        throw new AttachmentException("attachment " + ref.attachmentId() + ": empty chunk at " + offset + " without eof");
                    }
                }
            }
            if (offset != ref.size()) {
                throw new AttachmentException("attachment " + ref.attachmentId() + " has " + offset + " bytes, expected " + ref.size());
            }
            String sha = Attachments.hex(md.digest());
            if (!sha.equalsIgnoreCase(ref.sha256())) {
                throw new AttachmentException("attachment " + ref.attachmentId() + " has sha256 " + sha + ", expected " + ref.sha256());
            }
            Path target = dir.resolve(name);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            ok = true;
            String mime = ref.mimeType() != null && !ref.mimeType().isBlank() ? ref.mimeType() : Attachments.mimeType(null, target);
            return new StagedAttachment(ref.attachmentId(), name, mime, ref.size(), sha, target);
        } catch (IOException e) {
            throw new AttachmentException("cannot pull attachment " + ref.attachmentId() + ": " + e.getMessage(), e);
        } finally {
            if (!ok) {
                deleteQuietly(part);
                deleteQuietly(dir);
            }
        }
    }

    static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort (a non-empty directory stays until the sweeper takes it)
        }
    }
}
