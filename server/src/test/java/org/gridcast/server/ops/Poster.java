package org.gridcast.server.ops;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.gridcast.client.ClientOptions;
import org.gridcast.client.GridcastClient;
import org.gridcast.client.GridcastClientException;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.protocol.NoticePosted;

/**
 * A staff client that posts numbered notices to one unit as fast as acks come back (a few in
 * flight), recording what was sent and what was acked, until a post fails or it is told to stop.
 * Notice i has client_msg_id and title {@code prefix-i}.
 */
final class Poster implements AutoCloseable {
    /** Posts in flight: enough to keep the server busy fanning out while it is killed. */
    static final int WINDOW = 8;
    /** Bound on the number of notices one run posts, whatever happens. */
    static final int MAX_POSTS = 5_000;
    /**
     * Wait before retrying a post the server refused with RATE_LIMITED: one connection may send
     * 50 requests a second (ConnectionLimits), slower than the acks come back.
     */
    static final Duration RATE_LIMIT_PAUSE = Duration.ofMillis(25);

    private final String unit;
    private final String prefix;
    private final GridcastClient client;
    private final Semaphore window = new Semaphore(WINDOW);
    final Set<Integer> sent = new ConcurrentSkipListSet<>();
    final Map<Integer, Long> acked = new ConcurrentHashMap<>();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
    private volatile boolean stop;
    private Thread thread;

    Poster(int port, String token, String device, String unit, String prefix) {
        this.unit = unit;
        this.prefix = prefix;
        this.client = GridcastClient.builder().server("127.0.0.1", port).token(token).device(device)
                .options(ClientOptions.builder().autoReconnect(false).syncOnLogin(false)
                        .requestTimeout(Duration.ofSeconds(10)).build())
                .build();
        Receiver.join(client.connect());
    }

    /** The title of notice i: its client_msg_id, so every notice of every poster differs. */
    String title(int i) {
        return clientMsgId(i);
    }

    String clientMsgId(int i) {
        return prefix + "-" + i;
    }

    /** Starts posting notices first, first + 1, ... on a thread of its own. */
    void start(int first) {
        thread = new Thread(() -> run(first), "poster");
        thread.start();
    }

    private void run(int first) {
        for (int i = first; i < first + MAX_POSTS && !stop && failure.get() == null; i++) {
            try {
                if (!window.tryAcquire(10, TimeUnit.SECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                return;
            }
            sent.add(i);
            send(i);
        }
    }

    /** Posts notice n; a RATE_LIMITED reply is retried after a pause, as a client backs off. */
    private void send(int n) {
        client.postToUnit(unit, body(n), clientMsgId(n)).whenComplete((posted, error) -> {
            if (error == null) {
                acked.put(n, posted.getSeq());
            } else if (isRateLimited(error) && !stop) {
                retries.schedule(() -> send(n), RATE_LIMIT_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } else {
                failure.compareAndSet(null, error);
            }
            window.release();
        });
    }

    private static boolean isRateLimited(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return e instanceof GridcastClientException g && "RATE_LIMITED".equals(g.code());
    }

    /** Stops posting and waits until every post in flight has its ack or its failure. */
    void stopAndDrain() throws InterruptedException {
        stop = true;
        if (thread != null) {
            thread.join(Receiver.WAIT.toMillis());
        }
        if (!window.tryAcquire(WINDOW, Receiver.WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("posts still in flight after " + Receiver.WAIT);
        }
        window.release(WINDOW);
    }

    /** Posts notice i once more with its first client_msg_id (a retry after a lost ack). */
    NoticePosted repost(int i) {
        return Receiver.join(client.postToUnit(unit, body(i), clientMsgId(i)));
    }

    GridcastClient client() {
        return client;
    }

    private NoticeBody body(int i) {
        return NoticeBody.newBuilder().setTitle(title(i)).setText("停水通知 " + i).build();
    }

    @Override
    public void close() {
        stop = true;
        retries.shutdownNow();
        client.close();
    }
}
