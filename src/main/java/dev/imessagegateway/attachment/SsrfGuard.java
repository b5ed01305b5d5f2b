package dev.imessagegateway.attachment;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Refuses URLs the gateway must not fetch: anything but http/https, and hosts that resolve to a loopback, private,
 * link-local, multicast, unspecified, carrier-grade NAT or unique-local address — every resolved address is checked
 * — unless the URL's host (as written) is in the allow list. Applied to every redirect hop.
 */
public class SsrfGuard {

    private final Set<String> allowedHosts;

    public SsrfGuard(List<String> allowedHosts) {
        this.allowedHosts = allowedHosts.stream()
                .map(h -> h.trim().toLowerCase(Locale.ROOT).replaceAll("^\\[|]$", ""))
                .filter(h -> !h.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The URL may not be fetched. */
    public static class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /** Checks the URL and returns its host's addresses (all of them allowed). */
    public List<InetAddress> check(URI uri) throws Refused {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Refused("only http and https URLs may be fetched: " + uri);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new Refused("URL without host: " + uri);
        }
        String bare = host.toLowerCase(Locale.ROOT).replaceAll("^\\[|]$", "");
        List<InetAddress> addresses;
        try {
            addresses = List.of(InetAddress.getAllByName(bare));
        } catch (UnknownHostException e) {
            throw new Refused("host does not resolve: " + host);
        }
        if (allowedHosts.contains(bare)) {
            return addresses;
        }
        for (InetAddress address : addresses) {
            String why = forbidden(address);
            if (why != null) {
                throw new Refused("not allowed: " + host + " resolves to " + why + " address " + address.getHostAddress()
                        + " (GATEWAY_ATTACHMENTS_ALLOWED_HOSTS opens chosen hosts)");
            }
        }
        return addresses;
    }

    /** Why an address is off limits, or null when it is a public address. */
    static String forbidden(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return "a loopback";
        }
        if (a.isAnyLocalAddress()) {
            return "an unspecified";
        }
        if (a.isLinkLocalAddress()) {
            return "a link-local";
        }
        if (a.isSiteLocalAddress()) {
            return "a private";
        }
        if (a.isMulticastAddress()) {
            return "a multicast";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xFF;
            int second = b[1] & 0xFF;
            if (first == 0) {
                return "an unspecified";
            }
            if (first == 100 && second >= 64 && second <= 127) {
                return "a carrier-grade NAT";
            }
            if (first >= 240) {
                return "a reserved";
            }
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xFE) == 0xFC) {
                return "a unique-local";
            }
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
                try {
                    return forbidden(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return "an invalid";
                }
            }
        }
        return null;
    }
}
