package dev.imessagegateway.agent.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;

/** Reads '\n'-terminated UTF-8 lines from a channel, refusing lines longer than {@link FrameCodec#MAX_FRAME_BYTES}. */
public final class LineReader {
    /** Thrown when a line is longer than the limit: the connection must be closed. */
    public static final class FrameTooLongException extends IOException {
        public FrameTooLongException() {
            super("frame longer than " + FrameCodec.MAX_FRAME_BYTES + " bytes");
        }
    }

    private final ReadableByteChannel channel;
    private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    public LineReader(ReadableByteChannel channel) {
        this.channel = channel;
        buf.flip();
    }

    /** @return the next line without its '\n' (a trailing '\r' is kept), or null at end of stream */
    public String readLine() throws IOException {
        while (true) {
            while (buf.hasRemaining()) {
                byte b = buf.get();
                if (b == '\n') {
                    String s = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    return s;
                }
                line.write(b);
                if (line.size() > FrameCodec.MAX_FRAME_BYTES) {
                    throw new FrameTooLongException();
                }
            }
            buf.clear();
            int n = channel.read(buf);
            buf.flip();
            if (n < 0) {
                return null;
            }
        }
    }
}
