package org.gridcast.server.net;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the connections the process holds, in all and per remote address, for every listener it
 * is installed on (TCP and HTTP/WebSocket share one instance, as they share one file-descriptor
 * budget). Sits on the listening channel, so a connection past a cap is closed as it is
 * accepted, before it has a pipeline, an event loop or a byte of buffer, and is counted in
 * {@code gridcast_connections_refused_total{reason="global"|"per_ip"}}.
 *
 * <p>Why: past the process's open-file limit {@code accept} fails with EMFILE for everyone, the
 * operator's own tools included, and one host opening sockets in a loop would get there alone.
 * The per-address cap keeps one host to a share; loopback may be exempt because a TLS terminator
 * or proxy on the same machine makes every client look like 127.0.0.1.
 */
@Sharable
public final class ConnectionCap extends ChannelInboundHandlerAdapter {
    public static final String REFUSED = "gridcast.connections.refused";
    public static final String TAG_REASON = "reason";

    private final int maxTotal;
    private final int maxPerAddress;
    private final boolean exemptLoopback;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final Counter refusedTotal;
    private final Counter refusedPerAddress;
    /**
     * Gives a closed connection's places back. One listener for every connection, which finds
     * the address again on the channel (Netty keeps it once asked), rather than a lambda per
     * connection holding it: that was 24 bytes of every idle phone's heap.
     */
    private final ChannelFutureListener release = f -> release(f.channel());

    public ConnectionCap(int maxTotal, int maxPerAddress, boolean exemptLoopback, MeterRegistry registry) {
        if (maxTotal < 1 || maxPerAddress < 1) {
            throw new IllegalArgumentException("connection caps must be >= 1");
        }
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
        this.exemptLoopback = exemptLoopback;
        this.refusedTotal = Counter.builder(REFUSED).tag(TAG_REASON, "global")
                .description("connections closed at accept: the process holds its cap").register(registry);
        this.refusedPerAddress = Counter.builder(REFUSED).tag(TAG_REASON, "per_ip")
                .description("connections closed at accept: the remote address holds its cap").register(registry);
    }

    /** Connections held now (accepted and not yet closed). */
    public int total() {
        return total.get();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Channel child)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            refuse(child, refusedTotal);
            return;
        }
        InetAddress address = capped(child.remoteAddress());
        if (address != null && !take(address)) {
            total.decrementAndGet();
            refuse(child, refusedPerAddress);
            return;
        }
        child.closeFuture().addListener(release);
        ctx.fireChannelRead(child);
    }

    private void release(Channel child) {
        total.decrementAndGet();
        InetAddress address = capped(child.remoteAddress());
        if (address != null) {
            perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
        }
    }

    private boolean take(InetAddress address) {
        boolean[] taken = {false};
        perAddress.compute(address, (a, n) -> {
            int held = n == null ? 0 : n;
            if (held >= maxPerAddress) {
                return n;
            }
            taken[0] = true;
            return held + 1;
        });
        return taken[0];
    }

    /** The address the per-address cap counts, or null when it does not apply. */
    private InetAddress capped(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return null;
        }
        InetAddress address = inet.getAddress();
        return exemptLoopback && address.isLoopbackAddress() ? null : address;
    }

    private static void refuse(Channel child, Counter counter) {
        counter.increment();
        // not registered with any event loop yet: close the socket here, nothing else holds it
        child.unsafe().closeForcibly();
    }
}
