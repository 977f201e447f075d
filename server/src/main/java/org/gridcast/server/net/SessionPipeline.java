package org.gridcast.server.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import java.util.function.Supplier;
import org.gridcast.server.metrics.GridcastMetrics;
import org.gridcast.server.session.RequestFlow;

/**
 * The handlers every client connection has once its frames are Envelopes, whatever the
 * transport: version check, heartbeat mark (idle sessions are swept by IdleSweeper), rate limit, login gate, back-pressure, dispatch (with the
 * per-session request flow),
 * and the exception tail. TCP installs it at connect, WebSocket after the upgrade.
 */
public final class SessionPipeline {
    /** Name of the first envelope-level handler; outbound frames written from here reach the transport. */
    public static final String FIRST = "envelope";

    private final Dispatcher dispatcher;
    private final ConnectionLimits limits;
    private final GridcastMetrics metrics;
    private final Supplier<? extends ChannelHandler> backpressure;
    private final RequestFlow flow;
    private final DispatchHandler dispatch;
    private final ExceptionHandler exceptions;

    /**
     * @param backpressure makes the per-channel slow-reader handler
     */
    public SessionPipeline(Dispatcher dispatcher, ConnectionLimits limits,
            GridcastMetrics metrics, Supplier<? extends ChannelHandler> backpressure) {
        this.dispatcher = dispatcher;
        this.limits = limits;
        this.metrics = metrics;
        this.backpressure = backpressure;
        this.flow = new RequestFlow(dispatcher::dispatch);
        this.dispatch = new DispatchHandler(dispatcher, flow);
        this.exceptions = new ExceptionHandler(metrics);
    }

    public ConnectionLimits limits() {
        return limits;
    }

    /** Back-pressure on the requests of logged-in sessions. */
    public RequestFlow flow() {
        return flow;
    }

    public ExceptionHandler exceptions() {
        return exceptions;
    }

    /** Appends the envelope-level handlers to a pipeline that already yields frames. */
    public void install(Channel channel, Transport transport) {
        channel.attr(Transport.KEY).set(transport);
        metrics.connections().incrementAndGet();
        channel.closeFuture().addListener(f -> metrics.connections().decrementAndGet());
        ChannelPipeline p = channel.pipeline();
        p.addLast(FIRST, EnvelopeDecoder.INSTANCE);
        p.addLast("version", VersionCheck.INSTANCE);
        p.addLast("heartbeat", HeartbeatMark.INSTANCE);
        p.addLast("rate", new RateLimiter(limits));
        p.addLast(LoginGate.NAME, new LoginGate(dispatcher, limits));
        p.addLast("backpressure", backpressure.get());
        p.addLast("dispatch", dispatch);
        p.addLast("exceptions", exceptions);
    }
}
