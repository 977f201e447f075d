package org.gridcast.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.gridcast.protocol.Envelope.BodyCase;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.server.GridcastException;
import org.gridcast.server.metrics.GridcastMetrics;
import org.gridcast.server.net.ConnectionLimits;
import org.gridcast.server.net.Dispatcher;
import org.gridcast.server.net.ExceptionHandler;
import org.gridcast.server.net.SessionPipeline;
import org.gridcast.server.session.LoginStateProvider;
import org.gridcast.server.session.SessionRegistry;

/**
 * What the fuzz targets of the connection pipelines share: the real {@link SessionPipeline}
 * (dispatcher, limits, login gate, exception tail) without Redis, on an
 * {@link EmbeddedSocketChannel} whose every buffer comes from one counting allocator, so a leak
 * shows as bytes still in use once the channel is finished. Single-threaded, as Jazzer runs.
 */
public final class FuzzPipeline {
    /**
     * Unpooled and without leak detector: its metric counts bytes allocated and not yet freed,
     * which is exact and costs nothing per buffer, where a PARANOID leak detector only logs,
     * later, at garbage collection.
     */
    public static final UnpooledByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false, true);
    private static final GridcastMetrics METRICS = new GridcastMetrics(new SimpleMeterRegistry());

    /**
     * Login is the one request a stranger may send; with no member store behind it, the harness
     * refuses every login the way a wrong token is refused. Everything else is the real dispatcher.
     */
    public static final SessionPipeline SESSIONS = new SessionPipeline(
            new Dispatcher(METRICS).registerAnonymous(BodyCase.LOGIN, (ch, request) -> CompletableFuture.failedFuture(
                    new GridcastException(ErrorCode.UNAUTHENTICATED, "no members in the fuzz harness"))),
            ConnectionLimits.DEFAULTS, METRICS, LoginStateProvider.EMPTY, new SessionRegistry());

    private FuzzPipeline() {
    }

    /** A registered, active channel built by {@code initializer}, allocating from {@link #ALLOC}. */
    public static EmbeddedSocketChannel open(ChannelHandler initializer) {
        EmbeddedSocketChannel ch = new EmbeddedSocketChannel(initializer);
        ch.config().setAllocator(ALLOC);
        try {
            ch.register();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return ch;
    }

    /** A copy of {@code data[from, from+length)} in a buffer of {@link #ALLOC}. */
    public static ByteBuf bytes(byte[] data, int from, int length) {
        return ALLOC.heapBuffer(length).writeBytes(data, from, length);
    }

    /**
     * Hands bytes to the channel as a socket read would. An exception that reaches the end of
     * the pipeline is recorded with the others: EmbeddedChannel tears the pipeline down the
     * moment a handler closes the channel, so an exception thrown right after a close (the
     * WebSocket decoder's protocol violations) passes handlers that a real event loop, which
     * deregisters later, would still have in place.
     */
    public static void feed(Channel ch, ByteBuf bytes, Exceptions exceptions) {
        try {
            ((EmbeddedSocketChannel) ch).writeInbound(bytes);
        } catch (Exception e) {
            exceptions.seen.add(e);
        }
    }

    /** Bytes allocated from {@link #ALLOC} and not freed yet. */
    public static long bytesInUse() {
        return ALLOC.metric().usedHeapMemory() + ALLOC.metric().usedDirectMemory();
    }

    /**
     * Every byte a channel allocated has been freed: {@link #bytesInUse()} is back where it was
     * before the channel opened (a failed input that left buffers behind must not make every
     * later input fail too).
     */
    public static void assertNothingLeaked(long inUseBefore) {
        assertThat(bytesInUse()).as("bytes still allocated").isEqualTo(inUseBefore);
    }

    /**
     * Records every exception that reaches one of the channel's {@link ExceptionHandler}s (the
     * server's last word on an error), then lets it go on to be handled as in production.
     * Call again after handlers are added (the WebSocket upgrade appends a second tail).
     */
    public static Exceptions watchExceptions(Channel ch, Exceptions exceptions) {
        ChannelPipeline p = ch.pipeline();
        for (String name : p.names()) {
            if (p.get(name) instanceof ExceptionHandler && p.get(name + WATCH) == null) {
                p.addBefore(name, name + WATCH, exceptions);
            }
        }
        return exceptions;
    }

    private static final String WATCH = "-fuzz-watch";

    /** The exceptions one channel raised. */
    @ChannelHandler.Sharable
    public static final class Exceptions extends ChannelInboundHandlerAdapter {
        public final List<Throwable> seen = new ArrayList<>();

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            seen.add(cause);
            ctx.fireExceptionCaught(cause);
        }
    }
}
