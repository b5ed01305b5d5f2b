package dev.imessagegateway.agent.attachments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imessagegateway.agent.protocol.Frame;
import dev.imessagegateway.agent.protocol.FrameCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Base64;

/**
 * Inbound: uploads one file to the gateway with {@code attachment.put} chunks, in order, from the offset the gateway
 * holds: {@code bad_offset} resumes from {@code data.expected}, {@code checksum_mismatch} starts again from 0 (at most
 * {@link #MAX_RESTARTS} times), an {@code ok} whose {@code received} reaches the size ends it early (the gateway has
 * the file already).
 */
public final class AttachmentUploader {
    public static final int MAX_RESTARTS = 2;

    /** The local file is gone or no longer what was journaled: uploading it again will not help. */
    public static final class LocalFileException extends AttachmentException {
        public LocalFileException(String message) {
            super(message);
        }
    }

    private AttachmentUploader() {
    }

    /**
     * @throws LocalFileException when the file is missing, changed, or keeps failing its checksum
     * @throws AttachmentException when the gateway refused the upload (try later)
     * @throws IOException when the connection failed
     */
    public static void upload(InboundFile file, Requester requester) throws AttachmentException, IOException {
        if (!Files.isRegularFile(file.path())) {
            throw new LocalFileException("file " + file.path() + " no longer exists");
        }
        if (Files.size(file.path()) != file.size()) {
            throw new LocalFileException("file " + file.path() + " changed size since the message arrived");
        }
        int restarts = 0;
        long offset = 0;
        // generous bound: every chunk twice, plus resumes
        long maxRequests = 2 * (file.size() / Attachments.CHUNK + 2) + 20;
        ByteBuffer buf = ByteBuffer.allocate(Attachments.CHUNK);
        try (FileChannel ch = FileChannel.open(file.path(), StandardOpenOption.READ)) {
            for (long requests = 0; requests < maxRequests; requests++) {
                buf.clear();
                int len = (int) Math.min(Attachments.CHUNK, file.size() - offset);
                buf.limit(len);
                while (buf.hasRemaining()) {
                    if (ch.read(buf, offset + buf.position()) < 0) {
                        throw new LocalFileException("file " + file.path() + " is shorter than " + file.size() + " bytes");
                    }
                }
                boolean eof = offset + len >= file.size();
                ObjectNode d = FrameCodec.JSON.createObjectNode().put("sha256", file.sha256()).put("filename", file.filename())
                        .put("mimeType", file.mimeType()).put("size", file.size()).put("offset", offset)
                        .put("data", Base64.getEncoder().encodeToString(Arrays.copyOf(buf.array(), len))).put("eof", eof);
                Frame reply = requester.call("attachment.put", d);
                JsonNode r = reply.data() == null ? FrameCodec.JSON.createObjectNode() : reply.data();
                if (Frame.OK.equals(reply.type())) {
                    long received = r.path("received").canConvertToLong() ? r.path("received").asLong() : offset + len;
                    if (eof || received >= file.size()) {
                        return;
                    }
                    offset = received >= 0 && received <= file.size() ? received : offset + len;
                    continue;
                }
                String code = r.path("code").asText("");
                switch (code) {
                    case "bad_offset" -> {
                        long expected = r.path("expected").asLong(-1);
                        if (expected < 0 || expected > file.size()) {
                            throw new AttachmentException("bad_offset without a usable expected offset: " + r);
                        }
                        offset = expected;
                    }
                    case "checksum_mismatch" -> {
                        if (++restarts > MAX_RESTARTS) {
                            throw new LocalFileException("file " + file.path() + " keeps failing the gateway's checksum");
                        }
                        offset = 0;
                    }
                    default -> throw new AttachmentException("gateway refused attachment.put of " + file.filename() + ": "
                            + code + " " + r.path("message").asText(""));
                }
            }
        }
        throw new AttachmentException("upload of " + file.filename() + " did not finish after " + maxRequests + " requests");
    }
}
