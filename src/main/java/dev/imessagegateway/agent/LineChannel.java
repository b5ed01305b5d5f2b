package dev.imessagegateway.agent;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A blocking socket (Unix domain or TCP, via JDK NIO) carrying newline-delimited UTF-8 lines.
 * Reads happen on one thread; writes are serialised.
 */
public final class LineChannel implements Closeable {

    private final SocketChannel channel;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final Object writeLock = new Object();

    public LineChannel(SocketChannel channel) {
        this.channel = channel;
        in.flip();
    }

    /** Connects to {@code unix:/path} or {@code tcp:host:port}. */
    public static LineChannel connect(String endpoint) throws IOException {
        SocketAddress address = address(endpoint);
        SocketChannel channel = address instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX)
                : SocketChannel.open();
        try {
            channel.connect(address);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new LineChannel(channel);
    }

    public static SocketAddress address(String endpoint) {
        if (endpoint.startsWith("unix:")) {
            return UnixDomainSocketAddress.of(Path.of(endpoint.substring("unix:".length())));
        }
        if (endpoint.startsWith("tcp:")) {
            String hostPort = endpoint.substring("tcp:".length());
            int colon = hostPort.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("tcp endpoint needs host:port: " + endpoint);
            }
            return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        }
        throw new IllegalArgumentException("agent endpoint must start with unix: or tcp: — " + endpoint);
    }

    /** The next line without its newline, or null at end of stream. Lines over the frame limit fail. */
    public String readLine() throws IOException {
        while (true) {
            while (in.hasRemaining()) {
                byte b = in.get();
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    return text;
                }
                line.write(b);
                if (line.size() > Frames.MAX_FRAME_BYTES) {
                    throw new IOException("frame longer than " + Frames.MAX_FRAME_BYTES + " bytes");
                }
            }
            in.clear();
            int n = channel.read(in);
            in.flip();
            if (n < 0) {
                return null;
            }
        }
    }

    public void writeLine(String text) throws IOException {
        ByteBuffer out = ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8));
        synchronized (writeLock) {
            while (out.hasRemaining()) {
                channel.write(out);
            }
        }
    }

    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
