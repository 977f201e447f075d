package org.gridcast.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;

/**
 * TCP bytes → frames ({@link Frames}: a 4-byte big-endian length, then that many bytes), each
 * passed on as a buffer of its Envelope's bytes. A length over {@link Frames#MAX_FRAME_BYTES} is
 * refused as soon as the prefix arrives, so an oversized frame is never buffered: it raises
 * {@link TooLongFrameException} (the exception tail answers PROTOCOL_VIOLATION and closes) and
 * every byte after it is dropped. A frame that arrives in pieces is gathered in a buffer of
 * exactly its size. One per channel.
 *
 * <p>Why not Netty's {@code LengthFieldBasedFrameDecoder}: its state and its
 * {@code ByteToMessageDecoder}'s are 88 bytes per connection, held for hours by every idle phone;
 * this decoder's is a reference to the frame being gathered (null between frames) and a flag.
 */
public final class FrameDecoder extends ChannelInboundHandlerAdapter {
    /** The frame being gathered, its length prefix included; null between frames. */
    private ByteBuf partial;
    /** A length over the limit arrived: the connection is closing and nothing more is read. */
    private boolean discarding;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws TooLongFrameException {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (discarding || (partial != null && !completePartial(ctx, in))) {
                return;
            }
            while (in.readableBytes() >= Frames.LENGTH_BYTES && !ctx.isRemoved()) {
                int length = frameLength(in);
                if (in.readableBytes() < Frames.LENGTH_BYTES + length) {
                    break;
                }
                in.skipBytes(Frames.LENGTH_BYTES);
                ctx.fireChannelRead(in.readRetainedSlice(length));
            }
            if (in.isReadable() && !ctx.isRemoved()) {
                int length = in.readableBytes() >= Frames.LENGTH_BYTES ? frameLength(in) : 0;
                partial = ctx.alloc().buffer(Frames.LENGTH_BYTES + length).writeBytes(in);
            }
        } finally {
            in.release();
        }
    }

    /** Tops the partial frame up from {@code in}; passes it on and returns true once it is whole. */
    private boolean completePartial(ChannelHandlerContext ctx, ByteBuf in) throws TooLongFrameException {
        if (partial.readableBytes() < Frames.LENGTH_BYTES) {
            partial.writeBytes(in, Math.min(Frames.LENGTH_BYTES - partial.readableBytes(), in.readableBytes()));
            if (partial.readableBytes() < Frames.LENGTH_BYTES) {
                return false;
            }
            ByteBuf prefix = partial;
            partial = null;
            try {
                partial = ctx.alloc().buffer(Frames.LENGTH_BYTES + frameLength(prefix)).writeBytes(prefix);
            } finally {
                prefix.release();
            }
        }
        int missing = Frames.LENGTH_BYTES + partial.getInt(partial.readerIndex()) - partial.readableBytes();
        if (in.readableBytes() < missing) {
            partial.writeBytes(in);
            return false;
        }
        partial.writeBytes(in, missing);
        ByteBuf frame = partial.skipBytes(Frames.LENGTH_BYTES);
        partial = null;
        ctx.fireChannelRead(frame);
        return true;
    }

    /** The length the prefix at {@code buf}'s reader index announces; over the limit, the connection is refused. */
    private int frameLength(ByteBuf buf) throws TooLongFrameException {
        long length = buf.getUnsignedInt(buf.readerIndex());
        if (length > Frames.MAX_FRAME_BYTES) {
            discarding = true;
            buf.skipBytes(buf.readableBytes());
            throw new TooLongFrameException("frame of " + length + " bytes; the limit is " + Frames.MAX_FRAME_BYTES);
        }
        return (int) length;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releasePartial();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releasePartial();
    }

    private void releasePartial() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }
}
