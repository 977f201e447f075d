package org.gridcast.server.media;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.gridcast.server.GridcastException;
import org.gridcast.server.session.MemberIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /media/<sha256>} (and HEAD): the photo, to the member who uploaded it and to those
 * who may see an event listing it among its attachments (the event domain's own check, through
 * {@link EventViewers}); 401 without a valid token, 403 for anyone else, 404 for an unknown
 * photo. The file is sent in 64 KiB chunks, the next one only while the connection is writable,
 * so a slow phone holds about one chunk in the node's memory, not the photo. (Netty's
 * ChunkedWriteHandler would do this for the file, but it also queues, outside the channel's
 * outbound buffer and its writability, whatever a WebSocket session writes later on the same
 * pipeline.) Other paths go on down the pipeline. One per connection.
 */
public final class MediaDownloads extends ChannelInboundHandlerAdapter {
    public static final String NAME = "media";
    private static final int CHUNK = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(MediaDownloads.class);

    private final Media media;
    /** The file being sent, or null; with the next position, its end and the keep-alive flag. */
    private FileChannel sending;
    private long position;
    private long end;
    private boolean sendingKeepAlive;

    public MediaDownloads(Media media) {
        this.media = media;
    }

    /** Whether a (decoded) path is ours. */
    public static boolean serves(String path) {
        return path.equals(MediaUploads.PATH) || path.startsWith(MediaId.PREFIX);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req) || req.decoderResult().isFailure()) {
            ctx.fireChannelRead(msg);
            return;
        }
        String uri = req.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        if (!serves(path)) {
            ctx.fireChannelRead(msg);
            return;
        }
        HttpMethod method = req.method();
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        String authorization = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        req.release();
        if (path.equals(MediaUploads.PATH)) {
            FullHttpResponse res = MediaReply.METHOD_NOT_ALLOWED.response("POST a photo here");
            res.headers().set(HttpHeaderNames.ALLOW, "POST");
            send(ctx, res, keepAlive);
            return;
        }
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            FullHttpResponse res = MediaReply.METHOD_NOT_ALLOWED.response("GET or HEAD only");
            res.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            send(ctx, res, keepAlive);
            return;
        }
        String id = path.substring(MediaId.PREFIX.length());
        if (!MediaId.isValid(id)) {
            refuse(ctx, keepAlive, MediaReply.BAD_REQUEST, "a photo id is 64 lower-case hex digits");
            return;
        }
        media.auth.authenticate(authorization)
                .thenCompose(who -> allowed(who, id))
                .whenComplete((meta, failure) -> ctx.executor().execute(() -> {
                    if (failure != null) {
                        failed(ctx, keepAlive, failure);
                    } else {
                        serve(ctx, keepAlive, HttpMethod.HEAD.equals(method), id, meta);
                    }
                }));
    }

    /** The photo's metadata when {@code who} may see it; fails NOT_FOUND or FORBIDDEN. */
    private CompletionStage<MediaLedger.Meta> allowed(MemberIdentity who, String id) {
        return media.ledger.meta(id).thenCompose(meta -> {
            if (meta.isEmpty()) {
                throw GridcastException.notFound("no such photo");
            }
            return media.ledger.uploadedBy(who.member(), id).thenCompose(mine -> mine
                    ? CompletableFuture.completedFuture(meta.get())
                    : media.ledger.events(id).thenCompose(events -> anyVisible(who.member(), events.iterator()))
                            .thenApply(visible -> {
                                if (!visible) {
                                    throw GridcastException.forbidden("not your photo, nor on an event you may see");
                                }
                                return meta.get();
                            }));
        });
    }

    /** Asks event by event (at most {@link MediaLedger#MAX_EVENTS_PER_PHOTO}), stopping at the first yes. */
    private CompletionStage<Boolean> anyVisible(String member, Iterator<String> events) {
        if (!events.hasNext()) {
            return CompletableFuture.completedFuture(false);
        }
        return media.viewers.mayView(member, events.next())
                .thenCompose(yes -> yes ? CompletableFuture.completedFuture(true) : anyVisible(member, events));
    }

    private void serve(ChannelHandlerContext ctx, boolean keepAlive, boolean head, String id, MediaLedger.Meta meta) {
        FileChannel file;
        long size;
        try {
            file = FileChannel.open(media.files.pathOf(id), StandardOpenOption.READ);
            size = file.size();
        } catch (NoSuchFileException e) {
            refuse(ctx, keepAlive, MediaReply.NOT_FOUND, "the photo is not stored on this node");
            return;
        } catch (IOException e) {
            log.warn("media: cannot read a photo: {}", e.toString());
            refuse(ctx, keepAlive, MediaReply.INTERNAL, "cannot read the photo");
            return;
        }
        HttpResponse res = head
                ? new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK)
                : new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        HttpHeaders h = res.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, meta.type().mediaType());
        h.set(HttpHeaderNames.CONTENT_LENGTH, size);
        h.set(HttpHeaderNames.ETAG, "\"" + id + "\"");
        // residents' photos: not kept in shared caches, nor on a shared phone's disk
        h.set(HttpHeaderNames.CACHE_CONTROL, "private, no-store");
        h.set(HttpHeaderNames.CONTENT_DISPOSITION, "inline");
        if (keepAlive) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        if (head) {
            close(file);
            ChannelFuture done = ctx.writeAndFlush(res);
            if (!keepAlive) {
                done.addListener(ChannelFutureListener.CLOSE);
            }
            media.metrics.download("ok", 0);
            return;
        }
        ctx.write(res);
        sending = file;
        position = 0;
        end = size;
        sendingKeepAlive = keepAlive;
        media.metrics.download("ok", size);
        sendMore(ctx);
    }

    /** Writes chunks while the connection is writable; {@link #channelWritabilityChanged} resumes. */
    private void sendMore(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            stopSending(); // closed while the checks ran: channelInactive has been and gone
            return;
        }
        while (sending != null && ctx.channel().isActive() && ctx.channel().isWritable()) {
            int n = (int) Math.min(CHUNK, end - position);
            ByteBuf chunk = ctx.alloc().buffer(n);
            int read;
            try {
                read = n == 0 ? 0 : chunk.writeBytes(sending, position, n);
            } catch (IOException e) {
                read = -1;
            }
            if (read < 0 || (read == 0 && n > 0)) {
                chunk.release();
                stopSending();
                ctx.close(); // the file shrank under us: the promised length cannot be kept
                return;
            }
            position += read;
            if (position < end) {
                ctx.writeAndFlush(new DefaultHttpContent(chunk));
                continue;
            }
            boolean keepAlive = sendingKeepAlive;
            stopSending();
            ChannelFuture last = ctx.writeAndFlush(new DefaultLastHttpContent(chunk));
            if (!keepAlive) {
                last.addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    private void stopSending() {
        if (sending != null) {
            close(sending);
            sending = null;
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        sendMore(ctx);
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stopSending();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stopSending();
    }

    private void failed(ChannelHandlerContext ctx, boolean keepAlive, Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (t instanceof GridcastException g) {
            MediaReply why = switch (g.code()) {
                case UNAUTHENTICATED -> MediaReply.UNAUTHENTICATED;
                case REVOKED -> MediaReply.REVOKED;
                case FORBIDDEN -> MediaReply.FORBIDDEN;
                case NOT_FOUND -> MediaReply.NOT_FOUND;
                default -> MediaReply.INTERNAL;
            };
            refuse(ctx, keepAlive, why, g.getMessage());
        } else {
            log.warn("media: download check failed: {}", t.toString());
            refuse(ctx, keepAlive, MediaReply.INTERNAL, "try again");
        }
    }

    private void refuse(ChannelHandlerContext ctx, boolean keepAlive, MediaReply why, String message) {
        media.metrics.download(why.name(), 0);
        send(ctx, why.response(message), keepAlive);
    }

    private static void send(ChannelHandlerContext ctx, FullHttpResponse res, boolean keepAlive) {
        if (keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(res);
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static void close(FileChannel file) {
        try {
            file.close();
        } catch (IOException ignored) {
            // read-only; nothing to lose
        }
    }
}
