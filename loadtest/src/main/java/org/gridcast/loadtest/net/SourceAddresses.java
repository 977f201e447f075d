package org.gridcast.loadtest.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Local loopback addresses the clients bind to, handed out round robin. One source address
 * gives at most ~28,000 ephemeral ports toward one server port; twenty give twenty times that,
 * which is how a single machine holds far more connections than its port range.
 */
public final class SourceAddresses {
    private final String spec;
    private final List<InetAddress> addresses;
    private final AtomicInteger next = new AtomicInteger();

    private SourceAddresses(String spec, List<InetAddress> addresses) {
        this.spec = spec;
        this.addresses = List.copyOf(addresses);
    }

    /** "127.0.0.1-127.0.0.20" (last octet range) or a comma list "127.0.0.1,127.0.0.2". */
    public static SourceAddresses parse(String spec) {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (String part : spec.split(",")) {
                int dash = part.indexOf('-');
                if (dash < 0) {
                    out.add(InetAddress.getByName(part.trim()));
                    continue;
                }
                byte[] from = InetAddress.getByName(part.substring(0, dash).trim()).getAddress();
                byte[] to = InetAddress.getByName(part.substring(dash + 1).trim()).getAddress();
                if (from.length != 4 || from[0] != to[0] || from[1] != to[1] || from[2] != to[2]) {
                    throw new IllegalArgumentException("a range may only vary the last octet: " + part);
                }
                for (int last = from[3] & 0xff; last <= (to[3] & 0xff); last++) {
                    out.add(InetAddress.getByAddress(new byte[] {from[0], from[1], from[2], (byte) last}));
                }
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad --source-ips " + spec, e);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--source-ips names no address");
        }
        return new SourceAddresses(spec, out);
    }

    /** The next local address, port 0 (the kernel picks the port). */
    public InetSocketAddress next() {
        return new InetSocketAddress(addresses.get(Math.floorMod(next.getAndIncrement(), addresses.size())), 0);
    }

    /** As given on the command line (handed on to worker processes). */
    public String spec() {
        return spec;
    }

    public int size() {
        return addresses.size();
    }

    @Override
    public String toString() {
        return addresses.get(0).getHostAddress() + (addresses.size() > 1
                ? "-" + addresses.get(addresses.size() - 1).getHostAddress() : "");
    }
}
