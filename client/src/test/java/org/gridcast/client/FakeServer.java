package org.gridcast.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.gridcast.protocol.ChannelState;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.Error;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.EventResult;
import org.gridcast.protocol.FetchResult;
import org.gridcast.protocol.Login;
import org.gridcast.protocol.LoginOk;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.protocol.NoticePush;
import org.gridcast.protocol.Pong;

/**
 * A protocol peer for unit tests of the client state machine: a ServerSocket on 127.0.0.1 that
 * speaks real length-prefixed Envelope frames. It holds channel logs, answers Login, Fetch and Ping
 * itself, and hands any other request to a test-supplied handler.
 */
public final class FakeServer implements AutoCloseable {

    /** Returned by a handler to send no reply at all (to test timeouts). */
    public static final Envelope NO_REPLY = Envelope.newBuilder().setRequestId(-1).build();

    private final ServerSocket server;
    private final Map<String, List<Notice>> logs = new ConcurrentHashMap<>();
    private final Map<String, long[]> readAndStart = new ConcurrentHashMap<>();
    public final List<Login> logins = new CopyOnWriteArrayList<>();
    public final BlockingQueue<Envelope> requests = new LinkedBlockingQueue<>();
    final List<Peer> peers = new CopyOnWriteArrayList<>();
    public volatile Function<Envelope, Envelope> handler = request -> null;
    volatile int heartbeatSeconds = 30;
    volatile boolean answerPings = true;
    volatile boolean noFollowedChannels;

    public FakeServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "fake-server-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Declares a followed channel with the member's read cursor and start. */
    public void follow(String channel, long read, long start) {
        readAndStart.put(channel, new long[] {read, start});
        logs.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>());
    }

    /** Appends a notice to a channel's log (seq = position) and returns it. */
    public Notice append(String channel, String title) {
        List<Notice> log = logs.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>());
        synchronized (log) {
            Notice n = Notice.newBuilder().setChannel(channel).setSeq(log.size() + 1L).setUnit(channel.substring(2))
                    .setBody(NoticeBody.newBuilder().setTitle(title).setText("text of " + title)).build();
            log.add(n);
            return n;
        }
    }

    public void appendMany(String channel, int count) {
        for (int i = 0; i < count; i++) {
            append(channel, "n" + (i + 1));
        }
    }

    List<ChannelState> channelStates() {
        List<ChannelState> states = new ArrayList<>();
        readAndStart.forEach((channel, rs) -> {
            long head = logs.get(channel).size();
            states.add(ChannelState.newBuilder().setChannel(channel).setHead(head).setRead(rs[0]).setStart(rs[1])
                    .setUnread(Math.max(0, head - Math.max(rs[0], rs[1]))).build());
        });
        states.sort((a, b) -> a.getChannel().compareTo(b.getChannel()));
        return states;
    }

    public Peer current() {
        return peers.isEmpty() ? null : peers.get(peers.size() - 1);
    }

    /** Pushes a stored notice to the newest connection. */
    public void pushNotice(Notice n) throws IOException {
        current().send(Envelope.newBuilder().setNoticePush(NoticePush.newBuilder().setNotice(n)).build());
    }

    /**
     * Answers every EventCall with what {@code events} returns for it (a canned EventResult); other
     * requests keep their default answers.
     */
    public void answerEvents(Function<EventCall, EventResult> events) {
        handler = r -> r.getBodyCase() == Envelope.BodyCase.EVENT_CALL
                ? Envelope.newBuilder().setEventResult(events.apply(r.getEventCall())).build() : null;
    }

    /** The EventCalls received so far, in order, without waiting. */
    public List<EventCall> eventCalls() {
        return requests.stream().filter(r -> r.getBodyCase() == Envelope.BodyCase.EVENT_CALL).map(Envelope::getEventCall).toList();
    }

    /** How many requests of the given kind arrived and are still queued for nextRequest. */
    public long requestsSeen(Envelope.BodyCase kind) {
        return requests.stream().filter(r -> r.getBodyCase() == kind).count();
    }

    /** The next request of the given kind (skipping others), or null after 5 s. */
    public Envelope nextRequest(Envelope.BodyCase kind) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            Envelope e = requests.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && e.getBodyCase() == kind) {
                return e;
            }
        }
        return null;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Peer p = new Peer(s);
                peers.add(p);
                Thread t = new Thread(p::readLoop, "fake-server-peer");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private Envelope answer(Envelope request) {
        Envelope custom = handler.apply(request);
        if (custom != null) {
            return custom;
        }
        return switch (request.getBodyCase()) {
            case LOGIN -> {
                logins.add(request.getLogin());
                if (request.getLogin().getToken().equals("bad")) {
                    yield error(ErrorCode.UNAUTHENTICATED, "bad token");
                }
                LoginOk.Builder ok = LoginOk.newBuilder().setMember("m1").setRole("RESIDENT").setUnit("mg1")
                        .setHeartbeatSeconds(heartbeatSeconds).setUnreadTotal(7);
                if (!noFollowedChannels) {
                    ok.addAllChannels(channelStates());
                }
                yield Envelope.newBuilder().setLoginOk(ok).build();
            }
            case FETCH -> {
                var f = request.getFetch();
                List<Notice> log = logs.getOrDefault(f.getChannel(), List.of());
                int from = (int) Math.min(f.getAfterSeq(), log.size());
                int to = (int) Math.min(from + (long) f.getLimit(), log.size());
                yield Envelope.newBuilder().setFetchResult(FetchResult.newBuilder().setChannel(f.getChannel())
                        .addAllNotices(log.subList(from, to)).setHead(log.size())).build();
            }
            case PING -> answerPings ? Envelope.newBuilder().setPong(Pong.newBuilder().setServerTimeMs(1)).build() : NO_REPLY;
            default -> error(ErrorCode.BAD_REQUEST, "unhandled " + request.getBodyCase());
        };
    }

    public static Envelope error(ErrorCode code, String message) {
        return Envelope.newBuilder().setError(Error.newBuilder().setCode(code).setMessage(message)).build();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Peer p : peers) {
            p.close();
        }
    }

    /** One accepted connection. */
    public final class Peer {
        private final Socket socket;
        private final OutputStream out;

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            this.out = new BufferedOutputStream(socket.getOutputStream());
        }

        public void send(Envelope e) throws IOException {
            synchronized (out) {
                out.write(FrameCodec.encode(e, 1 << 20));
                out.flush();
            }
        }

        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // test teardown
            }
        }

        void readLoop() {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()))) {
                while (true) {
                    Envelope request = FrameCodec.read(in, 1 << 20);
                    requests.add(request);
                    Envelope reply = answer(request);
                    if (reply != NO_REPLY) {
                        send(reply.toBuilder().setVersion(1).setRequestId(request.getRequestId()).build());
                    }
                }
            } catch (IOException e) {
                close();
            }
        }
    }
}
