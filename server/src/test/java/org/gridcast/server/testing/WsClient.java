package org.gridcast.server.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.gridcast.protocol.Envelope;

/** A WebSocket test client (JDK HttpClient): each binary message is one Envelope. */
public final class WsClient implements AutoCloseable {
    private final BlockingQueue<Envelope> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket ws;

    public WsClient(int httpPort) throws Exception {
        this(HttpClient.newHttpClient(), URI.create("ws://127.0.0.1:" + httpPort + "/ws"));
    }

    /** Over TLS ({@code wss://127.0.0.1:port/ws}), trusting what {@code tls} trusts; the name is checked. */
    public WsClient(int httpPort, SSLContext tls) throws Exception {
        this(HttpClient.newBuilder().sslContext(tls).build(), URI.create("wss://127.0.0.1:" + httpPort + "/ws"));
    }

    private WsClient(HttpClient http, URI uri) throws Exception {
        ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, new WebSocket.Listener() {
                    private ByteBuffer partial = ByteBuffer.allocate(0);

                    @Override
                    public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
                        ByteBuffer all = ByteBuffer.allocate(partial.remaining() + data.remaining());
                        all.put(partial).put(data).flip();
                        if (last) {
                            try {
                                received.add(Envelope.parseFrom(all));
                            } catch (Exception e) {
                                closed.completeExceptionally(e);
                            }
                            partial = ByteBuffer.allocate(0);
                        } else {
                            partial = all;
                        }
                        w.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
                        closed.complete(status);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket w, Throwable error) {
                        closed.complete(-1);
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    public void send(Envelope envelope) throws Exception {
        ws.sendBinary(ByteBuffer.wrap(envelope.toByteArray()), true).get(5, TimeUnit.SECONDS);
    }

    public void sendText(String text) throws Exception {
        ws.sendText(text, true).get(5, TimeUnit.SECONDS);
    }

    /** Next envelope within 10 s, or null. */
    public Envelope read() throws InterruptedException {
        return received.poll(10, TimeUnit.SECONDS);
    }

    public Envelope call(Envelope.Builder body, long id) throws Exception {
        send(body.setVersion(1).setRequestId(id).build());
        while (true) {
            Envelope e = read();
            if (e == null || e.getRequestId() == id) {
                return e;
            }
        }
    }

    /** True once the connection is closed (close frame, error or reset), waiting up to {@code within}. */
    public boolean awaitClosed(Duration within) {
        try {
            closed.get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return closed.isDone();
        }
    }

    @Override
    public void close() {
        ws.abort();
    }
}
