package org.gridcast.server.session;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.Pong;
import org.gridcast.server.net.RequestHandler;

/** The app-level heartbeat: any frame resets the idle timer; Ping gets the server's clock. */
public final class PingHandler implements RequestHandler {
    private final Clock clock;

    public PingHandler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public CompletionStage<Pong> handle(Session session, Envelope request) {
        return CompletableFuture.completedFuture(Pong.newBuilder().setServerTimeMs(clock.millis()).build());
    }
}
