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
    private final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
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
                    public CompletionStage<?> onPong(WebSocket w, ByteBuffer message) {
                        ByteBuffer copy = ByteBuffer.allocate(message.remaining());
                        pongs.add(copy.put(message).flip());
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

    /** One binary message in fragments, a frame each (the last with FIN). */
    public void sendFragments(byte[]... fragments) throws Exception {
        for (int i = 0; i < fragments.length; i++) {
            sendFragment(fragments[i], i == fragments.length - 1);
        }
    }

    /** One frame of a binary message; {@code last} ends the message. */
    public void sendFragment(byte[] fragment, boolean last) throws Exception {
        ws.sendBinary(ByteBuffer.wrap(fragment), last).get(5, TimeUnit.SECONDS);
    }

    public void sendPing(byte[] payload) throws Exception {
        ws.sendPing(ByteBuffer.wrap(payload)).get(5, TimeUnit.SECONDS);
    }

    /** The next pong's payload within 10 s, or null. */
    public byte[] pong() throws InterruptedException {
        ByteBuffer pong = pongs.poll(10, TimeUnit.SECONDS);
        if (pong == null) {
            return null;
        }
        byte[] bytes = new byte[pong.remaining()];
        pong.get(bytes);
        return bytes;
    }

    public void sendClose(int status, String reason) throws Exception {
        ws.sendClose(status, reason).get(5, TimeUnit.SECONDS);
    }

    /** The status of the server's close frame, -1 for an error or reset, waiting up to {@code within}. */
    public int closeStatus(Duration within) throws Exception {
        return closed.get(within.toMillis(), TimeUnit.MILLISECONDS);
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
