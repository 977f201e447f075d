package org.gridcast.server.net;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

/**
 * The TCP pipeline: a 4-byte length prefix capped at {@link Frames#MAX_FRAME_BYTES} (checked
 * as soon as the prefix arrives, so an oversized frame is never buffered; {@link FrameDecoder}), then the shared
 * {@link SessionPipeline}; with a certificate, TLS in front of it all.
 */
public final class GridcastInitializer extends ChannelInitializer<SocketChannel> {
    private final SessionPipeline sessions;
    private final ServerTls tls;

    public GridcastInitializer(SessionPipeline sessions) {
        this(sessions, ServerTls.PLAINTEXT);
    }

    public GridcastInitializer(SessionPipeline sessions, ServerTls tls) {
        this.sessions = sessions;
        this.tls = tls;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        tls.install(ch);
        ch.pipeline().addLast("framing", new FrameDecoder());
        sessions.install(ch, Transport.TCP);
    }
}
