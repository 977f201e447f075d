package org.gridcast.loadtest.gridcast;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.gridcast.protocol.Envelope;

/**
 * One Gridcast session: requests matched to replies by request id, pushes (request id 0) handed
 * to {@code onPush}. An Error reply fails the request's future. Over WebSocket the session is
 * usable (and {@link #active()} completes) once the handshake is done, not when TCP connects.
 */
final class GridcastConnection extends SimpleChannelInboundHandler<Envelope> {
    static final int VERSION = 1;

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
            f.completeExceptionally(new IOException(e.getError().getCode() + ": " + e.getError().getMessage()));
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
