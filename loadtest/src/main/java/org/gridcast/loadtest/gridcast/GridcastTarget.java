package org.gridcast.loadtest.gridcast;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.protobuf.ProtobufDecoder;
import io.netty.handler.codec.protobuf.ProtobufEncoder;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.gridcast.loadtest.Options;
import org.gridcast.loadtest.account.Ledger;
import org.gridcast.loadtest.account.Receiver;
import org.gridcast.loadtest.load.Stamp;
import org.gridcast.loadtest.net.ClientNet;
import org.gridcast.loadtest.plan.TownPlan;
import org.gridcast.loadtest.probe.ServerEndpoints;
import org.gridcast.loadtest.target.Futures;
import org.gridcast.loadtest.target.Target;
import org.gridcast.protocol.ChannelState;
import org.gridcast.protocol.Cursor;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.Fetch;
import org.gridcast.protocol.GetUnread;
import org.gridcast.protocol.Login;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.protocol.PostNotice;
import org.gridcast.server.GridcastServer;
import org.gridcast.server.GridcastServices;
import org.gridcast.server.ServerConfig;

/**
 * Gridcast itself over its TCP protocol: residents log in with real tokens (carrying their
 * delivered cursors, so a reconnect syncs what it missed through Fetch — the same path a phone
 * takes), staff post {@code PostNotice{unit}} and a notice counts as accepted on
 * {@code NoticePosted}. At the end every resident's badge ({@code GetUnread}) is checked against
 * what was posted to the channels it follows.
 *
 * <p>Accounting uses the load test's own (topic, seq) carried in the notice text; the server's
 * (channel, seq) maps one-to-one onto it (one post, one entry), so "delivered once" means the
 * same under either name.
 */
public final class GridcastTarget implements Target {
    /** A Gridcast frame is capped by the server; the client's cap only guards against garbage. */
    private static final int MAX_FRAME = 4 << 20;
    /** Fetch page size: the protocol's maximum. */
    private static final int FETCH_LIMIT = 200;
    private static final String DEVICE = "lt";

    private GridcastServer embedded;
    /** The nodes residents connect to (one unless --servers); resident i goes to node i mod n. */
    private List<InetSocketAddress> nodes;
    private ServerEndpoints endpoints;
    private ClientNet net;
    private Tokens tokens;
    private TownPlan plan;
    private int payloadBytes;
    private Framing framing;
    private final Map<String, Integer> topicOfChannel = new HashMap<>();
    /**
     * Posts one staff session may make per second: under the server's per-connection request
     * rate (50/s by default) with headroom, so the load test never trips the limiter.
     */
    static final double POSTS_PER_SESSION = 40;

    /** A connect, login and sync that takes longer than this is abandoned (and retried by the run). */
    static final long CONNECT_TIMEOUT_SECONDS = 60;

    /** All staff sessions must be in within this long (each retried by {@link StaffSignIn}). */
    static final long STAFF_SIGN_IN_SECONDS = 180;

    private final PostRetry postRetry = new PostRetry();
    private Ledger ledger;
    private final Map<String, GridcastConnection[]> staff = new ConcurrentHashMap<>();
    private final AtomicLong nextSession = new AtomicLong();
    private final Map<Receiver, Long> baselineUnread = new ConcurrentHashMap<>();
    /** Tags this run's notices so entries left by earlier runs on the same server are not counted. */
    private final String run;
    /** Whether this target posts (staff sessions, slow readers); a worker process only receives. */
    private final boolean posts;
    private Path data;
    private final AtomicLong fetched = new AtomicLong();
    /** Sessions that stopped reading after login ({@code --slow-readers}). */
    private final List<GridcastConnection> slowReaders = new ArrayList<>();
    /** A slow reader's socket receive buffer: the kernel's minimum, roughly. */
    static final int SLOW_READER_RECEIVE_BUFFER = 4_096;

    public GridcastTarget() {
        this("r" + Long.toString(System.currentTimeMillis(), 36), true);
    }

    /**
     * @param run   the run's tag (a worker takes its coordinator's, so it counts the same notices)
     * @param posts false for a worker process: residents only, the coordinator posts
     */
    public GridcastTarget(String run, boolean posts) {
        if (!run.matches("[0-9a-z]{1,16}")) {
            throw new IllegalArgumentException("a run tag is 1 to 16 of [0-9a-z]");
        }
        this.run = run;
        this.posts = posts;
    }

    /** The tag this run's notice texts start with. */
    public String runTag() {
        return run;
    }

    /** The nodes residents connect to (the embedded one's address once started). */
    public List<InetSocketAddress> nodes() {
        return nodes;
    }

    /** The data dir whose secret signs the tokens (the embedded server's temporary one once started). */
    public Path dataDir() {
        return data;
    }

    @Override
    public void start(Options options, TownPlan plan, Ledger ledger) throws Exception {
        this.plan = plan;
        this.ledger = ledger;
        this.payloadBytes = options.payloadBytes();
        this.framing = options.transport();
        for (TownPlan.Unit u : plan.units()) {
            topicOfChannel.put("u:" + u.id(), u.topic());
        }
        data = options.serverData();
        if (options.server() == null) {
            // the embedded default: an in-process server with its private redis-server
            data = data != null ? data : Files.createTempDirectory("lt-gridcast");
            ServerConfig config = ServerConfig.builder(data).port(0).httpPort(0)
                    .seeds("synthetic:" + options.residents()).build();
            embedded = GridcastServer.start(config, GridcastServices.forConfig(config));
            nodes = List.of(new InetSocketAddress("127.0.0.1", framing == Framing.WS ? embedded.httpPort() : embedded.tcpPort()));
            endpoints = new ServerEndpoints(List.of(new InetSocketAddress("127.0.0.1", embedded.adminPort())),
                    embedded.redisUri(), true);
        } else {
            nodes = options.servers();
            endpoints = new ServerEndpoints(options.serverHttp(), options.serverRedis(), false);
        }
        if (data == null) {
            throw new IllegalArgumentException("--target gridcast with --server needs --server-data DIR (its secret signs the tokens)");
        }
        tokens = Tokens.fromSecretFile(data.resolve(ServerConfig.DEFAULT_SECRET_FILE));
        net = new ClientNet(options.ioThreads());
        if (!posts) {
            return;
        }
        // A staff member posting faster than one session may signs in on several devices.
        int sessions = (int) Math.max(1, Math.ceil(options.rate() / POSTS_PER_SESSION));
        StaffSignIn signIn = new StaffSignIn(address -> open(null, address, null),
                (member, device) -> login(member, device, List.of()));
        List<CompletableFuture<?>> logins = new ArrayList<>();
        for (TownPlan.Unit u : plan.units()) {
            GridcastConnection[] pool = new GridcastConnection[sessions];
            for (int i = 0; i < sessions; i++) {
                // posters spread over the nodes too: a notice posted on one node reaches the
                // residents of every node through Redis, which is what --servers measures
                int slot = i;
                logins.add(signIn.signIn(u.staff(), DEVICE + "-staff-" + i, node(u.topic() + i))
                        .thenAccept(c -> pool[slot] = c));
            }
            staff.put(u.staff(), pool);
        }
        CompletableFuture.allOf(logins.toArray(new CompletableFuture[0])).get(STAFF_SIGN_IN_SECONDS, TimeUnit.SECONDS);
        openSlowReaders(options.slowReaders());
    }

    /**
     * {@code --slow-readers K}: K more sessions, each a second device of a resident spread evenly
     * over the town (so they get the same pushes as the residents measured), that log in and then
     * never read their socket again. Not accounted: the question is what they cost the others.
     * Their receive buffer is made small so the server, not the kernel, has to hold what they do
     * not read.
     */
    private void openSlowReaders(int count) throws Exception {
        List<CompletableFuture<?>> logins = new ArrayList<>();
        List<TownPlan.Resident> residents = plan.residents();
        for (int i = 0; i < count; i++) {
            TownPlan.Resident r = residents.get((int) ((long) i * residents.size() / count));
            String device = DEVICE + "-slow-" + i;
            GridcastConnection c = openSlowReader(node(r.index()));
            slowReaders.add(c);
            logins.add(c.active().thenCompose(ch -> c.call(login(r.id(), device, List.of())))
                    .thenAccept(ok -> c.channel().config().setAutoRead(false)));
        }
        CompletableFuture.allOf(logins.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
    }

    private InetSocketAddress node(int i) {
        return nodes.get(Math.floorMod(i, nodes.size()));
    }

    private GridcastConnection openSlowReader(InetSocketAddress address) {
        GridcastConnection c = new GridcastConnection(push -> { }, framing);
        net.connect(address, null, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.config().setReceiveBufferSize(SLOW_READER_RECEIVE_BUFFER);
                framing.install(ch.pipeline(), address, MAX_FRAME);
                ch.pipeline().addLast(new ProtobufDecoder(Envelope.getDefaultInstance()), new ProtobufEncoder(), c);
            }
        }).addListener(f -> {
            if (!f.isSuccess()) {
                c.active().completeExceptionally(f.cause());
            }
        });
        return c;
    }

    private Envelope.Builder login(String member, String device, List<Cursor> cursors) {
        return Envelope.newBuilder().setLogin(Login.newBuilder()
                .setToken(tokens.issue(member, device)).setDevice(device).addAllCursors(cursors)
                .setClientVersion("gridcast-loadtest"));
    }

    private GridcastConnection open(Receiver receiver, InetSocketAddress address, InetSocketAddress local) {
        GridcastConnection c = new GridcastConnection(push -> onPush(receiver, push), framing);
        net.connect(address, local, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                framing.install(ch.pipeline(), address, MAX_FRAME);
                if (receiver != null) {
                    ch.pipeline().addLast(new NoticePushReader(
                            (channel, text) -> deliver(receiver, channel, text, System.nanoTime(), false)));
                }
                ch.pipeline().addLast(new ProtobufDecoder(Envelope.getDefaultInstance()), new ProtobufEncoder(), c);
            }
        }).addListener(f -> {
            if (!f.isSuccess()) {
                c.active().completeExceptionally(f.cause());
            }
        });
        return c;
    }

    private void onPush(Receiver receiver, Envelope push) {
        if (receiver != null && push.hasNoticePush()) {
            Notice n = push.getNoticePush().getNotice();
            deliver(receiver, n.getChannel(), n.getBody().getText(), System.nanoTime(), false);
        }
    }

    /** Accounts a notice of this run (its text starts with the run tag); others predate the run. */
    private void deliver(Receiver receiver, String channel, String text, long now, boolean synced) {
        if (!text.startsWith(run + " ")) {
            return;
        }
        Stamp s = Stamp.fromText(text.substring(run.length() + 1));
        Integer topic = topicOfChannel.get(channel);
        if (s != null && topic != null) {
            receiver.deliver(topic, s.seq(), s.intendedNanos(), now, synced);
        }
    }

    @Override
    public InetSocketAddress address() {
        return nodes.get(0);
    }

    @Override
    public CompletableFuture<Void> connect(Receiver receiver, InetSocketAddress local) {
        List<Cursor> cursors = new ArrayList<>();
        for (int t : receiver.resident().topics()) {
            // what this device holds: the harness's own books, as a phone's local store would
            long have = receiver.contiguous(t);
            if (have > 0) {
                cursors.add(Cursor.newBuilder().setChannel("u:" + plan.unit(t).id()).setDelivered(have).build());
            }
        }
        GridcastConnection c = open(receiver, node(receiver.resident().index()), local);
        return c.active().thenCompose(ch -> {
            receiver.connection(c);
            return c.call(login(receiver.resident().id(), DEVICE, cursors));
        }).thenCompose(ok -> {
            c.keepAlive(ok.getLoginOk().getHeartbeatSeconds());
            if (baselineUnread.putIfAbsent(receiver, ok.getLoginOk().getUnreadTotal()) == null) {
                return CompletableFuture.<Void>completedFuture(null); // first login: history predates the run
            }
            List<CompletableFuture<Void>> syncs = new ArrayList<>();
            for (ChannelState st : ok.getLoginOk().getChannelsList()) {
                Integer topic = topicOfChannel.get(st.getChannel());
                if (topic != null) {
                    long from = Math.max(receiver.contiguous(topic), st.getStart());
                    if (st.getHead() > from) {
                        syncs.add(fetch(c, receiver, st.getChannel(), from, st.getHead()));
                    }
                }
            }
            return CompletableFuture.allOf(syncs.toArray(new CompletableFuture[0]));
        }).orTimeout(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS).whenComplete((v, e) -> {
            if (e != null && c.channel() != null) {
                // a failed or timed-out login or sync: closed here, so a late LoginOk cannot leave
                // a second session of this device behind; the caller retries on a new connection
                c.channel().close();
            }
        });
    }

    /** Fetches (after, head] in pages; the same path a phone takes after being offline. */
    private CompletableFuture<Void> fetch(GridcastConnection c, Receiver r, String channel, long after, long head) {
        return c.call(Envelope.newBuilder().setFetch(Fetch.newBuilder().setChannel(channel).setAfterSeq(after)
                .setLimit(FETCH_LIMIT))).thenCompose(e -> {
                    long now = System.nanoTime();
                    long last = after;
                    for (Notice n : e.getFetchResult().getNoticesList()) {
                        deliver(r, n.getChannel(), n.getBody().getText(), now, true);
                        fetched.incrementAndGet();
                        last = Math.max(last, n.getSeq());
                    }
                    return last < head && last > after ? fetch(c, r, channel, last, head)
                            : CompletableFuture.completedFuture(null);
                });
    }

    @Override
    public CompletableFuture<Void> disconnect(Receiver receiver) {
        GridcastConnection c = (GridcastConnection) receiver.connection();
        Channel ch = c == null ? null : c.channel();
        return ch == null ? CompletableFuture.completedFuture(null) : Futures.of(ch.close());
    }

    @Override
    public CompletableFuture<Void> publish(Stamp stamp) {
        return post(stamp);
    }

    /**
     * Posts on the next session of the unit's staff member; a refused or unanswered attempt is
     * tried again on the next session, with the same client_msg_id ({@link PostRetry}). A post
     * acked only after a retry is counted in the books once, like any other, and in
     * {@link Ledger#retriedPosts()}.
     */
    private CompletableFuture<Void> post(Stamp stamp) {
        TownPlan.Unit unit = plan.unit(stamp.topic());
        GridcastConnection[] pool = staff.get(unit.staff());
        Envelope.Builder request = Envelope.newBuilder().setPostNotice(PostNotice.newBuilder()
                .setUnit(unit.id())
                .setBody(NoticeBody.newBuilder().setTitle("load test").setCategory("loadtest")
                        .setText(run + " " + stamp.toText(Math.max(0, payloadBytes - run.length() - 1))))
                .setClientMsgId("lt-" + run + "-" + stamp.topic() + "-" + stamp.seq()));
        return postRetry.post(() -> pool[(int) Math.floorMod(nextSession.getAndIncrement(), (long) pool.length)]
                .call(request.clone())).thenAccept(acked -> {
                    if (acked.retried()) {
                        ledger.onPublishRetried();
                    }
                });
    }

    @Override
    public boolean syncsOnReconnect() {
        return true;
    }

    /** Every resident's badge must equal its badge at first login plus what was posted to what it follows. */
    @Override
    public long verify(List<Receiver> receivers, long[] published) throws Exception {
        long mismatches = 0;
        int batch = 500;
        for (int i = 0; i < receivers.size(); i += batch) {
            List<Receiver> slice = receivers.subList(i, Math.min(receivers.size(), i + batch));
            List<CompletableFuture<Boolean>> checks = new ArrayList<>();
            for (Receiver r : slice) {
                GridcastConnection c = (GridcastConnection) r.connection();
                long want = baselineUnread.getOrDefault(r, 0L) + r.expectedNotices(published);
                checks.add(c == null ? CompletableFuture.completedFuture(false)
                        : c.call(Envelope.newBuilder().setGetUnread(GetUnread.getDefaultInstance()))
                        .thenApply(e -> e.getUnreadCounts().getTotal() == want)
                        .exceptionally(x -> false));
            }
            for (CompletableFuture<Boolean> f : checks) {
                if (!f.get(30, TimeUnit.SECONDS)) {
                    mismatches++;
                }
            }
        }
        return mismatches;
    }

    @Override
    public Optional<ServerEndpoints> serverEndpoints() {
        return Optional.ofNullable(endpoints);
    }

    @Override
    public Map<String, Object> facts() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server", embedded != null ? "gridcast, in process (embedded redis-server)" : "gridcast at " + nodes);
        m.put("nodes", nodes.size());
        m.put("transport", framing.label());
        m.put("noticesFetchedOnSync", fetched.get());
        if (!slowReaders.isEmpty()) {
            m.put("slowReaders", slowReaders.size());
            // the server closes a session that stays unwritable (SLOW_CONSUMER)
            m.put("slowReadersClosedByServer", slowReaders.stream()
                    .filter(c -> c.channel() == null || !c.channel().isActive()).count());
        }
        return m;
    }

    @Override
    public void close() {
        if (net != null) {
            net.close();
        }
        if (embedded != null) {
            embedded.close();
        }
    }
}
