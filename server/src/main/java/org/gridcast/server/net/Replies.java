package org.gridcast.server.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.server.session.Session;

/** Writes envelopes to a connection whatever its transport. Safe from any thread. */
public final class Replies {
    private Replies() {
    }

    public static void send(Channel channel, Envelope envelope) {
        if (channel.isActive()) {
            channel.writeAndFlush(transport(channel).wrap(Frames.encode(channel.alloc(), envelope)), channel.voidPromise());
        }
    }

    /**
     * How long a closing connection may take to flush its last frame. A peer that does not read
     * would otherwise hold the connection open forever.
     */
    public static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    /** Sends, then closes once the bytes are written, or after {@link #CLOSE_GRACE} at the latest. */
    public static void sendAndClose(Channel channel, Envelope envelope) {
        if (channel.isActive()) {
            channel.writeAndFlush(transport(channel).wrap(Frames.encode(channel.alloc(), envelope)))
                    .addListener(ChannelFutureListener.CLOSE);
            channel.eventLoop().schedule(() -> {
                channel.close();
            }, CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public static void error(Channel channel, long requestId, ErrorCode code, String message) {
        send(channel, Envelopes.error(requestId, code, message));
    }

    public static void errorAndClose(Channel channel, long requestId, ErrorCode code, String message) {
        sendAndClose(channel, Envelopes.error(requestId, code, message));
    }

    /**
     * The connection's transport: an attribute until login, then its session's (which removes
     * the attribute, {@link Session#attach}). The attribute is read first, and only if it is
     * there (reading an absent one would make it again), so a login on another thread between
     * the two reads is seen in the session.
     */
    private static Transport transport(Channel channel) {
        if (channel.hasAttr(Transport.KEY)) {
            Transport t = channel.attr(Transport.KEY).get();
            if (t != null) {
                return t;
            }
        }
        Session session = Session.of(channel);
        return session == null ? Transport.TCP : session.transport();
    }
}
