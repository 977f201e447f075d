package org.gridcast.server.media;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.server.GridcastException;
import org.gridcast.server.http.HttpRequestDeadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /media}: streams a photo to a file under the media directory while hashing it,
 * so a 10 MB body never sits in memory (the pipeline's 16 KiB aggregator, which this handler
 * sits in front of, stays for every other request). The request is checked before the body is
 * read: size by Content-Length (413 at once), declared type, then the bearer token, the
 * member's rate, a node upload slot and the disk budget; reading is paused meanwhile, so what
 * waits in memory is at most one socket read. While the body streams, the first 12 bytes must
 * be a JPEG, PNG or WebP signature (415 at once) and the running count must stay within the
 * limit (413 at once). Every refusal closes the connection, since the rest of the body would
 * still be on its way. A successful upload also closes it: requests pipelined behind an upload
 * are not served (browsers do not pipeline), which keeps one request in flight per connection.
 */
public final class MediaUploads extends ChannelDuplexHandler {
    public static final String NAME = "media-upload";
    public static final String PATH = "/media";
    /** Body bytes that may arrive while the checks run (reading is paused; one read's worth). */
    static final int MAX_EARLY_BYTES = 256 * 1024;
    /** How long a refused upload's remaining body is read and dropped before the close. */
    static final long LINGER_MS = 2_000;
    private static final Logger log = LoggerFactory.getLogger(MediaUploads.class);

    private final Media media;
    private ChannelHandlerContext ctx;
    /** Requests passed on whose responses are not yet written; an upload waits for none. */
    private int outstanding;
    private Upload upload;
    /** After an upload (or its refusal) the connection only waits to close. */
    private boolean done;
    /** Set once the answer is written: the next end of a body, or the linger time, closes. */
    private boolean closeAtBodyEnd;

    public MediaUploads(Media media) {
        this.media = media;
    }

    /** Whether a request is a photo upload: POST to /media (query ignored). */
    static boolean isUpload(HttpRequest req) {
        if (!HttpMethod.POST.equals(req.method())) {
            return false;
        }
        String uri = req.uri();
        int q = uri.indexOf('?');
        return (q < 0 ? uri : uri.substring(0, q)).equals(PATH);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done) {
            if (closeAtBodyEnd && msg instanceof LastHttpContent) {
                ctx.close();
            }
            ReferenceCountUtil.release(msg);
        } else if (upload != null) {
            if (msg instanceof HttpContent c) {
                upload.content(c);
            } else {
                ReferenceCountUtil.release(msg);
            }
        } else if (msg instanceof HttpRequest req && !req.decoderResult().isFailure() && isUpload(req)) {
            ReferenceCountUtil.release(msg);
            if (outstanding > 0) {
                done = true; // pipelined behind another request: not a browser
                ctx.close();
                return;
            }
            upload = new Upload(req);
            upload.start();
        } else {
            if (msg instanceof HttpRequest) {
                outstanding++;
            }
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean informational = msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        if (!informational && msg instanceof LastHttpContent && outstanding > 0) {
            outstanding--;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (upload != null) {
            upload.abandon("closed");
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (upload != null) {
            upload.abandon("closed");
        }
    }

    /** One upload's state, on the channel's event loop. */
    private final class Upload {
        private final boolean expectContinue;
        private final long declaredLength;
        private final String authorization;
        private final String contentType;
        private final ArrayDeque<HttpContent> early = new ArrayDeque<>();
        private final byte[] head = new byte[ImageType.SNIFF_BYTES];
        private final MessageDigest sha;
        private long earlyBytes;
        private long received;
        private boolean lastSeen;
        private boolean slot;
        private long reserved;
        private String member;
        private ImageType type;
        private Path file;
        private FileChannel out;
        private boolean finished;

        Upload(HttpRequest req) {
            this.expectContinue = HttpUtil.is100ContinueExpected(req);
            this.declaredLength = contentLength(req);
            this.authorization = req.headers().get(HttpHeaderNames.AUTHORIZATION);
            this.contentType = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
            try {
                this.sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        void start() {
            HttpRequestDeadline deadline = ctx.pipeline().get(HttpRequestDeadline.class);
            if (deadline != null) {
                deadline.allow(media.limits.uploadTimeout().toMillis());
            }
            ctx.channel().config().setAutoRead(false);
            if (declaredLength == -2) {
                refuse(MediaReply.BAD_REQUEST, "bad Content-Length");
                return;
            }
            if (declaredLength > media.limits.maxBytes()) {
                refuse(MediaReply.TOO_LARGE, "a photo is at most " + media.limits.maxBytes() + " bytes");
                return;
            }
            if (declaredLength == 0) {
                refuse(MediaReply.BAD_REQUEST, "empty body");
                return;
            }
            if (contentType != null && ImageType.ofMediaType(contentType).isEmpty()) {
                refuse(MediaReply.UNSUPPORTED_TYPE, "Content-Type must be image/jpeg, image/png or image/webp");
                return;
            }
            media.auth.authenticate(authorization)
                    .thenCompose(who -> {
                        member = who.member();
                        return media.ledger.takeRate(who.member(), media.limits);
                    })
                    .whenComplete((withinRate, failure) -> ctx.executor().execute(() -> admitted(withinRate, failure)));
        }

        /** On the event loop, once the token and the member's rate are known. */
        private void admitted(Boolean withinRate, Throwable failure) {
            if (finished) {
                return;
            }
            if (failure != null) {
                Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                if (t instanceof GridcastException g && g.code() == ErrorCode.REVOKED) {
                    refuse(MediaReply.REVOKED, "token revoked");
                } else if (t instanceof GridcastException g && g.code() == ErrorCode.UNAUTHENTICATED) {
                    refuse(MediaReply.UNAUTHENTICATED, g.getMessage());
                } else {
                    log.warn("media: upload check failed: {}", t.toString());
                    refuse(MediaReply.INTERNAL, "try again");
                }
                return;
            }
            if (!withinRate) {
                refuse(MediaReply.RATE_LIMITED, "at most " + media.limits.perMember() + " photos per "
                        + media.limits.window().toMinutes() + " minutes");
                return;
            }
            if (!media.takeSlot()) {
                refuse(MediaReply.BUSY, "this node takes " + media.limits.concurrent() + " uploads at once; try again");
                return;
            }
            slot = true;
            long need = declaredLength > 0 ? declaredLength : media.limits.maxBytes();
            if (!media.files.reserve(need)) {
                refuse(MediaReply.DISK_FULL, "this node's photo storage is full");
                return;
            }
            reserved = need;
            try {
                file = media.files.newUpload();
                out = FileChannel.open(file, StandardOpenOption.WRITE);
                HttpContent c;
                while ((c = early.poll()) != null) {
                    try {
                        write(c);
                    } finally {
                        c.release();
                    }
                    if (finished) {
                        return;
                    }
                }
            } catch (IOException e) {
                log.warn("media: cannot write an upload: {}", e.toString());
                refuse(MediaReply.INTERNAL, "cannot store the photo");
                return;
            }
            if (lastSeen) {
                finish();
            } else {
                if (expectContinue) {
                    ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
                }
                ctx.channel().config().setAutoRead(true);
            }
        }

        void content(HttpContent c) {
            if (finished) {
                c.release();
                return;
            }
            if (c.decoderResult().isFailure()) {
                c.release();
                refuse(MediaReply.BAD_REQUEST, "bad request body");
                return;
            }
            lastSeen = c instanceof LastHttpContent;
            if (out == null) {
                earlyBytes += c.content().readableBytes();
                if (earlyBytes > MAX_EARLY_BYTES) {
                    c.release();
                    refuse(MediaReply.TOO_LARGE, "body sent before it was accepted");
                    return;
                }
                early.add(c);
                return;
            }
            try {
                write(c);
            } catch (IOException e) {
                log.warn("media: cannot write an upload: {}", e.toString());
                refuse(MediaReply.INTERNAL, "cannot store the photo");
                return;
            } finally {
                c.release();
            }
            if (lastSeen && !finished) {
                finish();
            }
        }

        private void write(HttpContent c) throws IOException {
            ByteBuf b = c.content();
            int n = b.readableBytes();
            long before = received;
            received += n;
            if (received > media.limits.maxBytes()) {
                refuse(MediaReply.TOO_LARGE, "a photo is at most " + media.limits.maxBytes() + " bytes");
                return;
            }
            if (before < head.length) {
                int take = (int) Math.min(n, head.length - before);
                b.getBytes(b.readerIndex(), head, (int) before, take);
                if (received >= head.length && ImageType.sniff(head).isEmpty()) {
                    refuse(MediaReply.UNSUPPORTED_TYPE, "not a JPEG, PNG or WebP image");
                    return;
                }
            }
            for (ByteBuffer nio : b.nioBuffers()) {
                sha.update(nio.duplicate());
                while (nio.hasRemaining()) {
                    out.write(nio);
                }
            }
        }

        private void finish() {
            Optional<ImageType> sniffed = received >= head.length ? ImageType.sniff(head) : Optional.empty();
            if (received == 0) {
                refuse(MediaReply.BAD_REQUEST, "empty body");
                return;
            }
            if (sniffed.isEmpty()) {
                refuse(MediaReply.UNSUPPORTED_TYPE, "not a JPEG, PNG or WebP image");
                return;
            }
            Optional<ImageType> declared = ImageType.ofMediaType(contentType);
            if (declared.isPresent() && declared.get() != sniffed.get()) {
                refuse(MediaReply.UNSUPPORTED_TYPE, "the bytes are " + sniffed.get().mediaType() + ", not "
                        + declared.get().mediaType());
                return;
            }
            type = sniffed.get();
            String id = HexFormat.of().formatHex(sha.digest());
            boolean stored;
            try {
                out.force(false);
                out.close();
                out = null;
                stored = media.files.commit(file, id);
            } catch (IOException e) {
                log.warn("media: cannot store an upload: {}", e.toString());
                refuse(MediaReply.INTERNAL, "cannot store the photo");
                return;
            }
            file = null;
            media.files.release(stored ? reserved - received : reserved);
            reserved = 0;
            finished = true;
            releaseSlot();
            long size = received;
            media.ledger.recordUpload(id, member, type, size, media.clock.millis()).whenComplete((v, failure) ->
                    ctx.executor().execute(() -> {
                        if (failure != null) {
                            log.warn("media: cannot record an upload: {}", failure.toString());
                            media.metrics.upload(MediaReply.INTERNAL.name(), 0);
                            reply(MediaReply.INTERNAL.response("try again"));
                            return;
                        }
                        media.metrics.upload(stored ? "created" : "duplicate", size);
                        reply(MediaReply.created(id));
                    }));
        }

        void refuse(MediaReply why, String message) {
            if (finished) {
                return;
            }
            media.metrics.upload(why.name(), 0);
            abandon(why.name());
            reply(why.response(message));
        }

        /**
         * Answers, then closes once the client has sent the rest of its body, or after
         * {@link #LINGER_MS}. Closing at once with body bytes still unread makes the kernel reset
         * the connection, and a browser that gets the reset before it reads the answer reports a
         * network error instead of the 413. Meanwhile the bytes are read and dropped.
         */
        private void reply(FullHttpResponse res) {
            done = true;
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.channel().config().setAutoRead(true);
            boolean bodyEnded = lastSeen;
            ctx.writeAndFlush(res).addListener(f -> {
                if (bodyEnded || !f.isSuccess()) {
                    ctx.close();
                } else {
                    closeAtBodyEnd = true;
                    ctx.executor().schedule(() -> ctx.close(), LINGER_MS, TimeUnit.MILLISECONDS);
                }
            });
        }

        /** Gives back everything the upload holds: buffered chunks, file, disk reservation, slot. */
        void abandon(String why) {
            finished = true;
            HttpContent c;
            while ((c = early.poll()) != null) {
                c.release();
            }
            if (out != null) {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // the file is deleted next
                }
                out = null;
            }
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    log.warn("media: cannot delete a refused upload ({}): {}", why, e.toString());
                }
                file = null;
            }
            media.files.release(reserved);
            reserved = 0;
            releaseSlot();
        }

        private void releaseSlot() {
            if (slot) {
                slot = false;
                media.releaseSlot();
            }
        }
    }

    /** The Content-Length, -1 when absent (chunked), -2 when unreadable. */
    private static long contentLength(HttpRequest req) {
        String v = req.headers().get(HttpHeaderNames.CONTENT_LENGTH);
        if (v == null) {
            return -1;
        }
        try {
            long n = Long.parseLong(v.trim());
            return n < 0 ? -2 : n;
        } catch (NumberFormatException e) {
            return -2;
        }
    }
}
