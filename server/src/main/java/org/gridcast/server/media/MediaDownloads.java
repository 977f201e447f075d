package org.gridcast.server.media;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.stream.ChunkedNioFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.server.GridcastException;
import org.gridcast.server.session.MemberIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /media/<sha256>} (and HEAD): the photo, to the member who uploaded it and to those
 * who may see an event listing it among its attachments (the event domain's own check, through
 * {@link EventViewers}); 401 without a valid token, 403 for anyone else, 404 for an unknown
 * photo. The file is sent in 64 KiB chunks as the peer reads (a ChunkedWriteHandler sits in
 * front), so a slow phone holds one chunk, not the photo. Other paths go on down the pipeline.
 */
public final class MediaDownloads extends ChannelInboundHandlerAdapter {
    public static final String NAME = "media";
    private static final int CHUNK = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(MediaDownloads.class);

    private final Media media;

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
        ChannelFuture last;
        if (head) {
            close(file);
            last = ctx.writeAndFlush(res);
            media.metrics.download("ok", 0);
        } else {
            ctx.write(res);
            try {
                last = ctx.writeAndFlush(new HttpChunkedInput(new ChunkedNioFile(file, 0, size, CHUNK)));
            } catch (IOException e) {
                close(file);
                ctx.close();
                return;
            }
            media.metrics.download("ok", size);
        }
        if (!keepAlive) {
            last.addListener(ChannelFutureListener.CLOSE);
        }
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
