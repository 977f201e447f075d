package org.gridcast.server.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.Login;

/**
 * Hundreds to thousands of logged-in receivers on one selector thread: each member has one raw
 * TCP session that logs in and then records every NoticePush it gets ("channel#seq", in order).
 * The client library spends two threads per connection; a whole community of them would measure
 * the test machine rather than the server. A login answered UNAVAILABLE (the node's login cap)
 * is sent again after a short random backoff, as the apps do.
 */
final class Crowd implements AutoCloseable {
    /** The server's frame cap: a larger announced frame means the stream is broken. */
    private static final int MAX_FRAME = 64 * 1024;
    /** A member whose login is refused UNAVAILABLE this often fails the crowd. */
    private static final int MAX_LOGIN_TRIES = 50;

    private final Selector selector;
    private final Map<String, Member> members = new HashMap<>();
    private final Thread loop;
    private volatile boolean closed;
    private IOException failure;

    private static final class Member {
        final String id;
        final SocketChannel socket;
        final ByteBuffer in = ByteBuffer.allocate(MAX_FRAME + 4);
        boolean loggedIn;
        byte[] loginFrame;
        int loginTries = 1;
        /** System.nanoTime() at which to send the login again; 0: not waiting to. */
        long retryAt;
        Envelope refused;
        final List<String> pushes = new ArrayList<>();

        Member(String id, SocketChannel socket) {
            this.id = id;
            this.socket = socket;
        }
    }

    private Crowd(Selector selector) {
        this.selector = selector;
        this.loop = new Thread(this::run, "crowd-selector");
        this.loop.setDaemon(true);
    }

    /** Connects every member, sends its Login (token from {@code tokens}, device {@code device}). */
    static Crowd login(int port, Collection<String> ids, Function<String, String> tokens, String device)
            throws IOException {
        Crowd crowd = new Crowd(Selector.open());
        try {
            for (String id : ids) {
                SocketChannel socket = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                socket.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                byte[] login = Envelope.newBuilder().setVersion(1).setRequestId(1)
                        .setLogin(Login.newBuilder().setToken(tokens.apply(id)).setDevice(device)).build().toByteArray();
                Member m = new Member(id, socket);
                m.loginFrame = ByteBuffer.allocate(4 + login.length).putInt(login.length).put(login).array();
                write(m);
                socket.configureBlocking(false);
                crowd.members.put(id, m);
                socket.register(crowd.selector, SelectionKey.OP_READ, m);
            }
        } catch (IOException | RuntimeException e) {
            crowd.close();
            throw e;
        }
        crowd.loop.start();
        return crowd;
    }

    /** Writes the member's login frame (small: a non-blocking socket takes it whole or nearly). */
    private static void write(Member m) throws IOException {
        ByteBuffer frame = ByteBuffer.wrap(m.loginFrame);
        while (frame.hasRemaining()) {
            m.socket.write(frame);
        }
    }

    int size() {
        return members.size();
    }

    /** Waits until every member got its LoginOk; fails on a refused login. */
    void awaitLoggedIn() throws InterruptedException {
        await(c -> c.members.values().stream().allMatch(m -> m.loggedIn), "all logins");
    }

    /** Waits until every one of {@code ids} received the push {@code key} ("channel#seq"). */
    void awaitReceived(Collection<String> ids, String key) throws InterruptedException {
        await(c -> ids.stream().allMatch(id -> c.members.get(id).pushes.contains(key)), key + " at " + ids.size() + " members");
    }

    /** The pushes one member received, in order. */
    synchronized List<String> received(String id) {
        return List.copyOf(members.get(id).pushes);
    }

    private synchronized void await(Predicate<Crowd> done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!done.test(this)) {
            if (failure != null) {
                throw new UncheckedIOException("crowd failed", failure);
            }
            members.values().stream().filter(m -> m.refused != null).findFirst().ifPresent(m -> {
                throw new AssertionError(m.id + ": " + m.refused);
            });
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                long missing = members.values().stream().filter(m -> !m.loggedIn).count();
                throw new AssertionError("timed out waiting for " + what + " (" + missing + " not logged in)");
            }
            wait(Math.min(left, 200));
        }
    }

    private void run() {
        try {
            while (!closed) {
                selector.select(20);
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isValid() && key.isReadable()) {
                        read((Member) key.attachment(), key);
                    }
                }
                selector.selectedKeys().clear();
                retryLogins();
            }
        } catch (IOException e) {
            if (!closed) {
                synchronized (this) {
                    failure = e;
                    notifyAll();
                }
            }
        }
    }

    private void read(Member m, SelectionKey key) throws IOException {
        int n = m.socket.read(m.in);
        if (n < 0) {
            key.cancel();
            return;
        }
        m.in.flip();
        List<Envelope> frames = new ArrayList<>();
        while (m.in.remaining() >= 4) {
            int length = m.in.getInt(m.in.position());
            if (length < 0 || length > MAX_FRAME) {
                throw new IOException(m.id + ": frame of " + length + " bytes");
            }
            if (m.in.remaining() < 4 + length) {
                break;
            }
            byte[] bytes = new byte[length];
            m.in.position(m.in.position() + 4);
            m.in.get(bytes);
            frames.add(Envelope.parseFrom(bytes));
        }
        m.in.compact();
        if (!frames.isEmpty()) {
            synchronized (this) {
                frames.forEach(f -> record(m, f));
                notifyAll();
            }
        }
    }

    private void retryLogins() throws IOException {
        long now = System.nanoTime();
        List<Member> due = new ArrayList<>();
        synchronized (this) {
            for (Member m : members.values()) {
                if (m.retryAt != 0 && now - m.retryAt >= 0) {
                    m.retryAt = 0;
                    m.loginTries++;
                    due.add(m);
                }
            }
        }
        for (Member m : due) {
            write(m);
        }
    }

    private static void record(Member m, Envelope e) {
        switch (e.getBodyCase()) {
            case LOGIN_OK -> m.loggedIn = true;
            case ERROR -> {
                if (!m.loggedIn && e.getError().getCode() == org.gridcast.protocol.ErrorCode.UNAVAILABLE
                        && m.loginTries < MAX_LOGIN_TRIES) {
                    // the node is busy with logins: back off 50..250 ms and try again
                    m.retryAt = System.nanoTime() + java.util.concurrent.ThreadLocalRandom.current().nextLong(50, 250) * 1_000_000;
                } else {
                    m.refused = e;
                }
            }
            case NOTICE_PUSH -> m.pushes.add(e.getNoticePush().getNotice().getChannel() + "#"
                    + e.getNoticePush().getNotice().getSeq());
            default -> { }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Member m : members.values()) {
            try {
                m.socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            loop.join(2_000);
            selector.close();
        } catch (IOException | InterruptedException ignored) {
            // closing anyway
        }
    }
}
