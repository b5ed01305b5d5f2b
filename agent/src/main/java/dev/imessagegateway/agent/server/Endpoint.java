package dev.imessagegateway.agent.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/** Where the agent listens: {@code unix:/path/agent.sock} or {@code tcp:127.0.0.1:PORT} (loopback only). */
public record Endpoint(Path socketPath, String host, int port) {

    public static Endpoint unix(Path path) {
        return new Endpoint(path, null, -1);
    }

    /** Parses {@code HOST:PORT} (the value of {@code --tcp}); the host must be a loopback address. */
    public static Endpoint tcp(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--tcp needs HOST:PORT, e.g. 127.0.0.1:7420");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in " + hostPort);
        }
        try {
            if (!InetAddress.getByName(host).isLoopbackAddress()) {
                throw new IllegalArgumentException("--tcp must be a loopback address (127.0.0.1 or ::1), not " + host);
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host " + host);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("bad port " + port);
        }
        return new Endpoint(null, host, port);
    }

    public boolean isUnix() {
        return socketPath != null;
    }

    public SocketAddress address() {
        return isUnix() ? UnixDomainSocketAddress.of(socketPath) : new InetSocketAddress(host, port);
    }
}
