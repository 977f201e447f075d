package org.gridcast.server.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import org.gridcast.server.metrics.GridcastMetrics;
import org.gridcast.server.session.LoginStateProvider;
import org.gridcast.server.session.RequestFlow;
import org.gridcast.server.session.SessionRegistry;

/**
 * The handlers every client connection has once its frames are Envelopes, whatever the
 * transport: the envelope decoder, the connection's {@link ConnectionGuard} (version, heartbeat
 * mark, rate limit, login gate, dispatch through the per-session request flow, slow readers;
 * idle sessions are swept by IdleSweeper) and the exception tail. TCP installs it at connect,
 * WebSocket after the upgrade.
 */
public final class SessionPipeline {
    /** Name of the first envelope-level handler; outbound frames written from here reach the transport. */
    public static final String FIRST = "envelope";

    private final RequestFlow flow;
    private final ConnectionGuard.Rules rules;
    private final ExceptionHandler exceptions;

    /**
     * @param states   the channel states for the SyncHint a session gets once it drains
     * @param registry the node's sessions, which a closed connection's session leaves
     */
    public SessionPipeline(Dispatcher dispatcher, ConnectionLimits limits, GridcastMetrics metrics,
            LoginStateProvider states, SessionRegistry registry) {
        this.flow = new RequestFlow(dispatcher::dispatch);
        this.rules = new ConnectionGuard.Rules(dispatcher, flow, limits, states, metrics, registry);
        this.exceptions = new ExceptionHandler(metrics);
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
        ChannelPipeline p = channel.pipeline();
        p.addLast(FIRST, EnvelopeDecoder.INSTANCE);
        p.addLast(ConnectionGuard.NAME, new ConnectionGuard(rules));
        p.addLast("exceptions", exceptions);
    }
}
