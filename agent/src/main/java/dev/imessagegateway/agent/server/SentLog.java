package dev.imessagegateway.agent.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imessagegateway.agent.attachments.StagedAttachment;
import dev.imessagegateway.agent.backend.OutgoingMessage;
import dev.imessagegateway.agent.ledger.Times;
import dev.imessagegateway.agent.protocol.FrameCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One JSON line {@code {"messageId","account","to","body","at"}} per message handed to Messages.app, written and
 * flushed before the send is reported: a message id on two lines is a double send. A message with files also has
 * {@code "attachments":[{"filename","sha256","size","path"}]} (path: the staged file handed to Messages.app).
 */
public final class SentLog implements AutoCloseable {
    private final FileChannel channel;

    public SentLog(Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    public synchronized void append(OutgoingMessage m) throws IOException {
        ObjectNode n = FrameCodec.JSON.createObjectNode().put("messageId", m.messageId()).put("account", m.account())
                .put("to", m.to()).put("body", m.body()).put("at", Times.iso(Instant.now()));
        if (!m.attachments().isEmpty()) {
            ArrayNode a = n.putArray("attachments");
            for (StagedAttachment s : m.files()) {
                a.addObject().put("filename", s.filename()).put("sha256", s.sha256()).put("size", s.size())
                        .put("path", s.path().toString());
            }
            for (String legacy : m.attachments().subList(m.files().size(), m.attachments().size())) {
                a.addObject().put("path", legacy); // a local path given by the gateway (before the capability)
            }
        }
        String line = n + "\n";
        ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        channel.force(false);
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
