package org.gridcast.server.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.function.Supplier;
import org.gridcast.server.net.ExceptionHandler;

/**
 * The admin port's pipeline: /metrics, /healthz and /readyz, no WebSocket. The same limits as
 * the public port (one request in flight, request deadline, bounded request size), since a
 * scrape is the largest answer the node gives.
 */
public final class AdminInitializer extends ChannelInitializer<SocketChannel> {
    private final Supplier<String> scrape;
    private final Readiness health;
    private final Readiness readiness;
    private final HttpConnections connections;
    private final ExceptionHandler exceptions;

    public AdminInitializer(Supplier<String> scrape, Readiness health, Readiness readiness,
            HttpConnections connections, ExceptionHandler exceptions) {
        this.scrape = scrape;
        this.health = health;
        this.readiness = readiness;
        this.connections = connections;
        this.exceptions = exceptions;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        HttpRequestDeadline deadline = new HttpRequestDeadline(HttpInitializer.REQUEST_TIMEOUT_MS);
        ch.pipeline()
                .addLast(HttpConnections.NAME, connections)
                .addLast("http-idle", new ReadTimeoutHandler(HttpInitializer.HTTP_IDLE_SECONDS))
                .addLast(HttpRequestDeadline.NAME, deadline)
                .addLast("http", HttpInitializer.codec())
                .addLast("http-aggregate", new HttpObjectAggregator(HttpInitializer.MAX_REQUEST_BYTES))
                .addLast(HttpPipelineGate.NAME, new HttpPipelineGate(HttpInitializer.MAX_PIPELINED, deadline))
                .addLast("routes", new HttpRoutes(scrape, health, readiness, false))
                .addLast("http-exceptions", exceptions);
    }
}
