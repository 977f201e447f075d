package org.gridcast.loadtest.target;

import io.netty.channel.ChannelFuture;
import java.util.concurrent.CompletableFuture;

/** Netty futures as CompletableFutures. */
public final class Futures {
    private Futures() {
    }

    public static CompletableFuture<Void> of(ChannelFuture f) {
        CompletableFuture<Void> out = new CompletableFuture<>();
        f.addListener(x -> {
            if (x.isSuccess()) {
                out.complete(null);
            } else {
                out.completeExceptionally(x.cause());
            }
        });
        return out;
    }
}
