package org.gridcast.server.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.gridcast.client.ClientOptions;
import org.gridcast.client.CursorStore;
import org.gridcast.client.GridcastClient;
import org.gridcast.client.InMemoryCursorStore;
import org.gridcast.client.NoticeListener;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.LoginOk;
import org.gridcast.protocol.Notice;

/**
 * A {@link GridcastClient} with a listener that records what the app would see: every notice
 * delivered (in order), badge totals, kicks and disconnects. Reconnecting is off: the tests decide
 * when a device comes back.
 */
final class Receiver implements NoticeListener, AutoCloseable {
    /** Bound on every wait of a test; far above what a loopback round trip needs. */
    static final Duration WAIT = Duration.ofSeconds(20);
    /** Poll period of conditions on local state. */
    static final Duration LOCAL_POLL = Duration.ofMillis(20);
    /**
     * Poll period of conditions that send a request: well under the server's 50 requests a second
     * per connection (ConnectionLimits), so polling never gets RATE_LIMITED.
     */
    static final Duration SERVER_POLL = Duration.ofMillis(100);

    final String member;
    final String device;
    final GridcastClient client;
    final List<Notice> notices = new CopyOnWriteArrayList<>();
    final List<Long> unreadTotals = new CopyOnWriteArrayList<>();
    /** {@code channel:read} of every UnreadPush (a read cursor that moved), in order. */
    final List<String> readMoves = new CopyOnWriteArrayList<>();
    final CompletableFuture<ErrorCode> kicked = new CompletableFuture<>();
    final CompletableFuture<String> disconnected = new CompletableFuture<>();
    private volatile int synced;

    private Receiver(String member, String device, int port, String token, CursorStore cursors, boolean sync) {
        this.member = member;
        this.device = device;
        this.client = GridcastClient.builder()
                .server("127.0.0.1", port)
                .token(token)
                .device(device)
                .options(ClientOptions.builder().autoReconnect(false).syncOnLogin(sync)
                        .requestTimeout(Duration.ofSeconds(10)).connectTimeout(Duration.ofSeconds(5)).build())
                .cursorStore(cursors)
                .listener(this)
                .build();
    }

    static Receiver connect(String member, String device, int port, String token, CursorStore cursors) {
        Receiver r = new Receiver(member, device, port, token, cursors, true);
        r.login();
        return r;
    }

    static Receiver connect(String member, String device, int port, String token) {
        return connect(member, device, port, token, new InMemoryCursorStore());
    }

    /** A client that is built but not logged in (for refused logins). */
    static Receiver unconnected(String member, String device, int port, String token) {
        return new Receiver(member, device, port, token, new InMemoryCursorStore(), true);
    }

    LoginOk login() {
        return join(client.connect());
    }

    @Override
    public void onNotice(Notice notice, boolean backlog) {
        notices.add(notice);
    }

    @Override
    public void onUnread(long total, String channel, long read) {
        unreadTotals.add(total);
        if (!channel.isEmpty()) {
            readMoves.add(channel + ":" + read);
        }
    }

    @Override
    public void onSynced() {
        synced++;
    }

    @Override
    public void onKicked(ErrorCode reason, String message) {
        kicked.complete(reason);
    }

    @Override
    public void onDisconnected(String reason) {
        disconnected.complete(reason);
    }

    int syncPasses() {
        return synced;
    }

    /** Seqs of the notices delivered on one channel, in delivery order. */
    List<Long> seqs(String channel) {
        List<Long> out = new ArrayList<>();
        for (Notice n : notices) {
            if (n.getChannel().equals(channel)) {
                out.add(n.getSeq());
            }
        }
        return out;
    }

    /** Titles of the notices delivered on one channel, in delivery order. */
    List<String> titles(String channel) {
        List<String> out = new ArrayList<>();
        for (Notice n : notices) {
            if (n.getChannel().equals(channel)) {
                out.add(n.getBody().getTitle());
            }
        }
        return out;
    }

    long lastUnreadTotal() {
        return unreadTotals.isEmpty() ? -1 : unreadTotals.get(unreadTotals.size() - 1);
    }

    @Override
    public void close() {
        client.close();
    }

    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls until the condition holds or {@link #WAIT} passes; returns whether it held. */
    static boolean await(BooleanSupplier condition) {
        return await(condition, WAIT);
    }

    static boolean await(BooleanSupplier condition, Duration limit) {
        return await(condition, limit, LOCAL_POLL);
    }

    /** Polls every {@code poll}: conditions that ask the server must stay under its request rate. */
    static boolean await(BooleanSupplier condition, Duration limit, Duration poll) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
