package org.gridcast.server.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.SyncHint;
import org.gridcast.server.metrics.GridcastMetrics;
import org.gridcast.server.session.IdleSweeper;
import org.gridcast.server.session.LoginStateProvider;
import org.gridcast.server.session.RequestFlow;
import org.gridcast.server.session.Session;
import org.gridcast.server.session.SessionRegistry;

/**
 * What one client connection's envelopes pass between decoding and their handler, in order:
 * <ol>
 * <li>version: an envelope of another protocol version gets UNSUPPORTED_VERSION and a close;</li>
 * <li>heartbeat: any envelope of a logged-in session marks it alive for the {@link IdleSweeper};</li>
 * <li>rate: past the connection's {@link TokenBucket} a request gets RATE_LIMITED (the client
 *     backs off); a peer that sends {@code maxRejectedInRow} refused requests in a row is not
 *     backing off and is closed;</li>
 * <li>login gate: until a session exists only Login and RedeemInvite pass; another request gets
 *     UNAUTHENTICATED and the {@code maxUnauthenticated}-th closes; a connection that has not
 *     logged in within {@code loginTimeout} is closed, so idle anonymous sockets cannot pile up;</li>
 * <li>dispatch: a session's request through its {@link RequestFlow} (in-flight cap, reads paused
 *     while the client does not read), a request before login straight to the dispatcher.</li>
 * </ol>
 * And slow readers: while the connection is over its write high-water mark, pushes to it are
 * skipped ({@link Session#write}); once it drains a lagging session gets a SyncHint and fetches
 * what it missed. A connection that stays unwritable for {@code slowConsumerTimeout} is not
 * reading at all and is closed with SLOW_CONSUMER, so one stuck phone cannot hold buffers forever.
 * And the connection's end: it leaves {@code gridcast_connections}, and its session the
 * registry, when Netty removes the guard from the closed connection's pipeline (without a close
 * listener per connection, and a lambda for each, held by every idle phone).
 *
 * <p>Why one handler for all of it: an idle logged-in phone holds its pipeline for hours, and as
 * a handler per concern these were six pipeline contexts and three objects, ~390 bytes of each
 * connection's heap (BENCHMARKS.md, heap per idle connection). Here they are one context and
 * this object, whose state is a few plain fields; what every connection shares is in
 * {@link Rules}. One per channel, touched on its event loop only.
 */
public final class ConnectionGuard extends ChannelInboundHandlerAdapter {
    /** The guard's name in the pipeline. */
    public static final String NAME = "guard";

    private final Rules rules;
    /** The rate bucket's state: when it is full again ({@link TokenBucket}). */
    private long bucketFullAt;
    private int rejectedInRow;
    private int refusedBeforeLogin;
    /** Closes the connection if no login comes in time; null once logged in. */
    private ScheduledFuture<?> loginTimeout;
    /** Closes the connection if it stays unwritable; null while writable. */
    private ScheduledFuture<?> slowConsumerKick;

    public ConnectionGuard(Rules rules) {
        this.rules = rules;
        this.bucketFullAt = rules.bucket.full(System.nanoTime());
    }

    /** What every connection's guard shares: the limits and where requests go. */
    public static final class Rules {
        private final Dispatcher dispatcher;
        private final RequestFlow flow;
        private final ConnectionLimits limits;
        private final LoginStateProvider states;
        private final GridcastMetrics metrics;
        private final SessionRegistry registry;
        private final TokenBucket bucket;

        /**
         * @param states   the channel states a drained session's SyncHint carries
         * @param registry where a closed connection's session is removed from
         */
        public Rules(Dispatcher dispatcher, RequestFlow flow, ConnectionLimits limits, LoginStateProvider states,
                GridcastMetrics metrics, SessionRegistry registry) {
            this.dispatcher = dispatcher;
            this.flow = flow;
            this.limits = limits;
            this.states = states;
            this.metrics = metrics;
            this.registry = registry;
            this.bucket = new TokenBucket(limits.requestsPerSecond(), limits.burst());
        }
    }

    /**
     * The connection has logged in: its login timer is cancelled (it would find the session and
     * do nothing, but it would hold a scheduled task until then). Safe from any thread.
     */
    public static void loggedIn(Channel channel) {
        try {
            channel.eventLoop().execute(() -> {
                ConnectionGuard guard = channel.pipeline().get(ConnectionGuard.class);
                if (guard != null) {
                    guard.cancelLoginTimeout();
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            // the loop is stopping and the connection with it: the timer goes when it does
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        rules.metrics.connections().incrementAndGet();
        loginTimeout = ctx.executor().schedule(() -> {
            if (Session.of(ch) == null) {
                Replies.errorAndClose(ch, 0, ErrorCode.UNAUTHENTICATED, "no login within " + rules.limits.loginTimeout());
            }
        }, rules.limits.loginTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The guard leaves a pipeline when its closed connection is deregistered (nothing removes
     * it earlier): the connection is gone. A login completing at that moment on another thread
     * checks the channel itself after registering its session (LoginHandler).
     */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelLoginTimeout();
        cancelSlowConsumerKick();
        rules.metrics.connections().decrementAndGet();
        Session session = Session.of(ctx.channel());
        if (session != null) {
            rules.registry.remove(session);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Envelope envelope)) {
            ctx.fireChannelRead(msg);
            return;
        }
        Channel ch = ctx.channel();
        if (envelope.getVersion() != Envelopes.VERSION) {
            Replies.errorAndClose(ch, envelope.getRequestId(), ErrorCode.UNSUPPORTED_VERSION,
                    "this server speaks protocol version " + Envelopes.VERSION);
            return;
        }
        Session session = Session.of(ch);
        if (session != null) {
            session.touch();
        }
        if (!withinRate(ch, envelope)) {
            return;
        }
        if (session != null) {
            rules.flow.offer(session, envelope);
        } else if (rules.dispatcher.isAnonymous(envelope.getBodyCase())) {
            rules.dispatcher.dispatch(ch, envelope);
        } else {
            refuseBeforeLogin(ch, envelope);
        }
    }

    private boolean withinRate(Channel ch, Envelope envelope) {
        long now = System.nanoTime();
        if (rules.bucket.hasToken(bucketFullAt, now)) {
            bucketFullAt = rules.bucket.take(bucketFullAt, now);
            rejectedInRow = 0;
            return true;
        }
        rejectedInRow++;
        if (rejectedInRow >= rules.limits.maxRejectedInRow()) {
            Replies.errorAndClose(ch, envelope.getRequestId(), ErrorCode.RATE_LIMITED, "too many requests; closing");
        } else if (ch.isActive()) {
            Replies.error(ch, envelope.getRequestId(), ErrorCode.RATE_LIMITED, "too many requests; retry later");
        }
        return false;
    }

    private void refuseBeforeLogin(Channel ch, Envelope envelope) {
        refusedBeforeLogin++;
        if (refusedBeforeLogin >= rules.limits.maxUnauthenticated()) {
            Replies.errorAndClose(ch, envelope.getRequestId(), ErrorCode.UNAUTHENTICATED, "login first; closing");
        } else {
            Replies.error(ch, envelope.getRequestId(), ErrorCode.UNAUTHENTICATED, "login first");
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        Session session = Session.of(ch);
        if (!ch.isWritable()) {
            if (slowConsumerKick == null) {
                slowConsumerKick = ctx.executor().schedule(() -> {
                    if (!ch.isWritable()) {
                        Session.kick(ch, ErrorCode.SLOW_CONSUMER, "not reading pushes; sync on reconnect");
                    }
                }, rules.limits.slowConsumerTimeout().toMillis(), TimeUnit.MILLISECONDS);
            }
        } else {
            cancelSlowConsumerKick();
            if (session != null && session.clearLagging()) {
                rules.states.syncState(session).thenAccept(state -> session.send(Envelopes.push(SyncHint.newBuilder()
                        .addAllChannels(state.channels()).setUnreadTotal(state.unreadTotal()).build())));
            }
        }
        if (session != null) {
            rules.flow.writabilityChanged(session);
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void cancelLoginTimeout() {
        if (loginTimeout != null) {
            loginTimeout.cancel(false);
            loginTimeout = null;
        }
    }

    private void cancelSlowConsumerKick() {
        if (slowConsumerKick != null) {
            slowConsumerKick.cancel(false);
            slowConsumerKick = null;
        }
    }
}
