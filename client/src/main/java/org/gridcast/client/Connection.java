package org.gridcast.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ProtocolVersion;

/**
 * One TCP connection: a reader thread that matches replies to pending requests by request_id and
 * hands pushes (request_id 0) on, and a write lock so frames from several threads never interleave.
 * Replies complete their futures on the reader thread; callers that chain work hop to their own
 * executor.
 */
final class Connection {

    private static final Logger LOG = Logger.getLogger(Connection.class.getName());

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final ClientOptions options;
    private final ScheduledExecutorService timer;
    private final BiConsumer<Connection, Envelope> onPush;
    private final BiConsumer<Connection, String> onClose;
    private final Object writeLock = new Object();
    private final AtomicLong nextRequestId = new AtomicLong(1);
    private final Map<Long, CompletableFuture<Envelope>> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long lastFrameNanos = System.nanoTime();

    private Connection(Socket socket, ClientOptions options, ScheduledExecutorService timer,
                       BiConsumer<Connection, Envelope> onPush, BiConsumer<Connection, String> onClose) throws IOException {
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream());
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.options = options;
        this.timer = timer;
        this.onPush = onPush;
        this.onClose = onClose;
    }

    /**
     * Connects (blocking, bounded by the connect timeout) and starts the reader thread.
     *
     * @param tls     null for plaintext
     * @param onPush  called on the reader thread for every frame with request_id 0
     * @param onClose called once, on whichever thread closed, with the reason
     */
    static Connection open(String host, int port, ClientOptions options, TlsSockets tls, ScheduledExecutorService timer,
                           BiConsumer<Connection, Envelope> onPush, BiConsumer<Connection, String> onClose) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            int timeoutMillis = (int) options.connectTimeout().toMillis();
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            if (tls != null) {
                try {
                    socket = tls.handshake(socket, host, port, timeoutMillis);
                } catch (IOException e) {
                    closeQuietly(socket);
                    throw new GridcastClientException(GridcastClientException.TLS_FAILED,
                            "TLS handshake with " + host + ":" + port + " failed: " + e.getMessage(), e);
                }
            }
            Connection c = new Connection(socket, options, timer, onPush, onClose);
            Thread reader = new Thread(c::readLoop, "gridcast-reader-" + host + ":" + port);
            reader.setDaemon(true);
            reader.start();
            return c;
        } catch (GridcastClientException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw new GridcastClientException(GridcastClientException.CONNECT_FAILED,
                    "cannot connect to " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sends a request with a fresh request_id; the future completes with the reply, fails with the
     * server's Error as a {@link GridcastClientException}, or fails with TIMEOUT / CONNECTION_CLOSED.
     */
    CompletableFuture<Envelope> request(Envelope.Builder request) {
        long id = nextRequestId.getAndIncrement();
        Envelope envelope = request.clone()
                .setVersion(ProtocolVersion.PROTOCOL_VERSION_1_VALUE)
                .setRequestId(id)
                .build();
        CompletableFuture<Envelope> reply = new CompletableFuture<>();
        pending.put(id, reply);
        if (closed.get()) {
            pending.remove(id);
            reply.completeExceptionally(closedError("connection closed"));
            return reply;
        }
        long timeoutMillis = options.requestTimeout().toMillis();
        var timeout = timer.schedule(() -> {
            if (pending.remove(id, reply)) {
                reply.completeExceptionally(new GridcastClientException(GridcastClientException.TIMEOUT,
                        "no reply to " + envelope.getBodyCase() + " within " + timeoutMillis + " ms"));
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        reply.whenComplete((r, e) -> timeout.cancel(false));
        try {
            send(envelope);
        } catch (IOException e) {
            pending.remove(id);
            reply.completeExceptionally(e instanceof FrameCodec.FrameTooLargeException
                    ? new GridcastClientException(GridcastClientException.FRAME_TOO_LARGE, e.getMessage(), e)
                    : closedError("write failed: " + e.getMessage()));
        }
        return reply;
    }

    /** Writes one frame under the write lock. An oversize frame is refused before anything is written. */
    void send(Envelope envelope) throws IOException {
        byte[] frame = FrameCodec.encode(envelope, options.maxFrameBytes());
        synchronized (writeLock) {
            try {
                out.write(frame);
                out.flush();
            } catch (IOException e) {
                close("write failed: " + e.getMessage());
                throw e;
            }
        }
    }

    /** When the last frame (of any kind) arrived; the heartbeat declares the peer dead from it. */
    long lastFrameNanos() {
        return lastFrameNanos;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Closes the socket, fails every pending request and reports the reason once. */
    void close(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(socket);
        for (Long id : pending.keySet()) {
            CompletableFuture<Envelope> f = pending.remove(id);
            if (f != null) {
                f.completeExceptionally(closedError(reason));
            }
        }
        onClose.accept(this, reason);
    }

    private void readLoop() {
        String reason = "closed";
        try {
            while (!closed.get()) {
                Envelope envelope = FrameCodec.read(in, options.maxFrameBytes());
                lastFrameNanos = System.nanoTime();
                dispatch(envelope);
            }
        } catch (EOFException e) {
            reason = "server closed the connection";
        } catch (FrameCodec.FrameTooLargeException e) {
            reason = "PROTOCOL_VIOLATION: " + e.getMessage();
        } catch (IOException e) {
            reason = closed.get() ? "closed" : "read failed: " + e.getMessage();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "push handler failed; closing", e);
            reason = "client error: " + e;
        }
        close(reason);
    }

    private void dispatch(Envelope envelope) {
        long id = envelope.getRequestId();
        if (id == 0) {
            onPush.accept(this, envelope);
            return;
        }
        CompletableFuture<Envelope> reply = pending.remove(id);
        if (reply == null) {
            return; // a reply after its timeout: the caller has moved on
        }
        if (envelope.getBodyCase() == Envelope.BodyCase.ERROR) {
            reply.completeExceptionally(GridcastClientException.of(envelope.getError()));
        } else {
            reply.complete(envelope);
        }
    }

    private static GridcastClientException closedError(String reason) {
        return new GridcastClientException(GridcastClientException.CONNECTION_CLOSED, reason);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
