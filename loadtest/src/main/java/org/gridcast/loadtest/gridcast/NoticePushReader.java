package org.gridcast.loadtest.gridcast;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the two fields the load test accounts by — a NoticePush's channel and body text —
 * straight from the frame, skipping the rest, and passes every other frame on to the full
 * protobuf decoder. Every receiver handles one push per delivery, and with the generated
 * parser (builders for Envelope, NoticePush, Notice and NoticeBody, a String per field) the
 * load generator took three times the server's CPU and set the ceiling it was meant to
 * measure (profiled with JFR, see BENCHMARKS.md). The wire format is protobuf's; field
 * numbers are gridcast.proto's.
 */
final class NoticePushReader extends ChannelInboundHandlerAdapter {
    /** Envelope.request_id, Envelope.notice_push, NoticePush.notice, Notice.channel, Notice.body, NoticeBody.text. */
    static final int REQUEST_ID = 2, NOTICE_PUSH = 50, NOTICE = 1, CHANNEL = 1, BODY = 7, TEXT = 2;

    /** What the reader hands on for a notice push. */
    interface Sink {
        void notice(String channel, String text);
    }

    private final Sink sink;

    NoticePushReader(Sink sink) {
        this.sink = sink;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf frame) {
            String[] found = read(frame);
            if (found != null) {
                frame.release();
                sink.notice(found[0], found[1]);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** {channel, text} when the frame is a push (request id 0) of a NoticePush; else null. */
    static String[] read(ByteBuf frame) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(frame.nioBuffer());
            long requestId = 0;
            String[] found = null;
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                int field = WireFormat.getTagFieldNumber(tag);
                if (field == REQUEST_ID && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_VARINT) {
                    requestId = in.readUInt64();
                } else if (field == NOTICE_PUSH && isLengthDelimited(tag)) {
                    int limit = in.pushLimit(in.readRawVarint32());
                    found = noticePush(in);
                    in.popLimit(limit);
                } else if (!in.skipField(tag)) {
                    return null;
                }
            }
            return requestId == 0 ? found : null;
        } catch (IOException malformed) {
            return null; // the full decoder sees it and reports it
        }
    }

    private static String[] noticePush(CodedInputStream in) throws IOException {
        String[] found = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == NOTICE && isLengthDelimited(tag)) {
                int limit = in.pushLimit(in.readRawVarint32());
                found = notice(in);
                in.popLimit(limit);
            } else if (!in.skipField(tag)) {
                return null;
            }
        }
        return found;
    }

    private static String[] notice(CodedInputStream in) throws IOException {
        String channel = "";
        String text = "";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == CHANNEL && isLengthDelimited(tag)) {
                channel = in.readStringRequireUtf8();
            } else if (field == BODY && isLengthDelimited(tag)) {
                int limit = in.pushLimit(in.readRawVarint32());
                for (int t = in.readTag(); t != 0; t = in.readTag()) {
                    if (WireFormat.getTagFieldNumber(t) == TEXT && isLengthDelimited(t)) {
                        // bytes then String: the JDK's UTF-8 constructor has an ASCII fast path that
                        // protobuf's byte-by-byte decoder over a direct buffer does not
                        text = new String(in.readByteArray(), StandardCharsets.UTF_8);
                    } else if (!in.skipField(t)) {
                        break;
                    }
                }
                in.popLimit(limit);
            } else if (!in.skipField(tag)) {
                break;
            }
        }
        return new String[] {channel, text};
    }

    private static boolean isLengthDelimited(int tag) {
        return WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
    }
}
