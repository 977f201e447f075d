package org.gridcast.loadtest.gridcast;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;

/**
 * How a resident's connection carries Envelopes ({@code --transport}): over TCP with a 4-byte
 * length before each, or over WebSocket on the server's HTTP port at {@code /ws}, one Envelope
 * per binary message, as the H5 app does. Either way the handlers above see the bytes of one
 * Envelope per message, so a resident is measured the same over both.
 */
public enum Framing {
    TCP {
        @Override
        void install(ChannelPipeline p, InetSocketAddress server, int maxFrame) {
            p.addLast(new LengthFieldBasedFrameDecoder(maxFrame, 0, 4, 0, 4), new LengthFieldPrepender(4));
        }
    },
    WS {
        @Override
        void install(ChannelPipeline p, InetSocketAddress server, int maxFrame) {
            URI uri = URI.create("ws://" + server.getHostString() + ":" + server.getPort() + WS_PATH);
            WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                    .webSocketUri(uri)
                    .version(WebSocketVersion.V13)
                    .customHeaders(new DefaultHttpHeaders())
                    .maxFramePayloadLength(maxFrame)
                    .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MS)
                    .build();
            p.addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_HANDSHAKE_RESPONSE),
                    new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(maxFrame),
                    BinaryMessages.INSTANCE);
        }

        @Override
        boolean handshakes() {
            return true;
        }
    };

    /** Where the server upgrades to WebSocket (HttpRoutes.WS_PATH). */
    static final String WS_PATH = "/ws";
    /** The handshake of a loaded server may wait behind thousands of others in its accept queue. */
    static final long HANDSHAKE_TIMEOUT_MS = 30_000;
    /** The server's 101 answer is a few headers; anything bigger is not a Gridcast server. */
    static final int MAX_HANDSHAKE_RESPONSE = 8_192;

    /** Adds the handlers that turn the connection's bytes into one Envelope's bytes per message and back. */
    abstract void install(ChannelPipeline p, InetSocketAddress server, int maxFrame);

    /** Whether the connection is ready only after a handshake (then it says so with a user event). */
    boolean handshakes() {
        return false;
    }

    public static Framing parse(String v) {
        try {
            return valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown transport " + v + " (tcp or ws)");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
