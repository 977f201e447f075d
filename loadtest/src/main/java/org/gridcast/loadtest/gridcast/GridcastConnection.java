package org.gridcast.loadtest.gridcast;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.Ping;

/**
 * One Gridcast session: requests matched to replies by request id, pushes (request id 0) handed
 * to {@code onPush}. An Error reply fails the request's future. Over WebSocket the session is
 * usable (and {@link #active()} completes) once the handshake is done, not when TCP connects.
 */
final class GridcastConnection extends SimpleChannelInboundHandler<Envelope> {
    static final int VERSION = 1;
    /** The server's default heartbeat, for a LoginOk that names none. */
    static final int DEFAULT_HEARTBEAT_SECONDS = 30;

    private final Map<Long, CompletableFuture<Envelope>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Consumer<Envelope> onPush;
    private final CompletableFuture<Channel> active = new CompletableFuture<>();
    private final boolean handshakes;
    private volatile Channel channel;

    GridcastConnection(Consumer<Envelope> onPush, Framing framing) {
        this.onPush = onPush;
        this.handshakes = framing.handshakes();
    }

    CompletableFuture<Channel> active() {
        return active;
    }

    Channel channel() {
        return channel;
    }

    /** Sends {@code request} (its body set, id and version filled here); completes with the reply. */
    CompletableFuture<Envelope> call(Envelope.Builder request) {
        long id = ids.incrementAndGet();
        CompletableFuture<Envelope> reply = new CompletableFuture<>();
        pending.put(id, reply);
        channel.writeAndFlush(request.setVersion(VERSION).setRequestId(id).build()).addListener(f -> {
            if (!f.isSuccess()) {
                pending.remove(id);
                reply.completeExceptionally(f.cause());
            }
        });
        return reply;
    }

    /**
     * Pings every {@code seconds} (LoginOk's heartbeat) while the connection is open, as a phone
     * does: the server closes a session that sent nothing for three heartbeats (IDLE_TIMEOUT), and
     * a run that holds residents for minutes (a slow connect of 100,000, a heap reading) lost
     * every early one to that before this.
     */
    void keepAlive(int seconds) {
        Channel ch = channel;
        int every = seconds > 0 ? seconds : DEFAULT_HEARTBEAT_SECONDS;
        ScheduledFuture<?> pings = ch.eventLoop().scheduleAtFixedRate(() -> {
            if (ch.isActive()) {
                call(Envelope.newBuilder().setPing(Ping.getDefaultInstance())).exceptionally(e -> null);
            }
        }, every, every, TimeUnit.SECONDS);
        ch.closeFuture().addListener(f -> pings.cancel(false));
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        if (!handshakes) {
            active.complete(channel);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            active.complete(ctx.channel());
        } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            active.completeExceptionally(new IOException("WebSocket handshake timed out"));
            ctx.close();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Envelope e) {
        if (e.getRequestId() == 0) {
            onPush.accept(e);
            return;
        }
        CompletableFuture<Envelope> f = pending.remove(e.getRequestId());
        if (f == null) {
            return;
        }
        if (e.hasError()) {
            f.completeExceptionally(new ServerError(e.getError().getCode(), e.getError().getMessage()));
        } else {
            f.complete(e);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        IOException closed = new IOException("gridcast connection closed");
        active.completeExceptionally(closed);
        pending.values().forEach(f -> f.completeExceptionally(closed));
        pending.clear();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
