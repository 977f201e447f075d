package org.gridcast.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridcast.server.it.Town.*;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.Login;
import org.gridcast.protocol.Notice;
import org.gridcast.server.net.ConnectionLimits;
import org.gridcast.server.session.RequestFlow;
import org.gridcast.server.session.Session;
import org.gridcast.server.testing.MaximalNotices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 8 item 5: a logged-in client that sends a thousand Fetch requests without reading
 * their replies. The node stops reading it once 32 requests are in flight or its connection is
 * over the write high-water mark, so the bytes queued for it stay under
 * {@link RequestFlow#replyBytesBound}; a well-behaved phone on the same node syncs and gets pushes
 * meanwhile; and once the flooder reads, every request is answered exactly once. Before the flow,
 * every request was read and answered into the outbound buffer (here ~55 MB of pages).
 *
 * <p>The per-connection rate limit is raised so that it does not hide the problem: it bounds
 * requests per second, not bytes, and a client that paces itself under it still floods.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FetchFloodIT {
    private static final int NOTICES = 40;
    /**
     * Fetches sent at once. Fewer than in flight + waiting (1,056): a client with more unanswered
     * than that is refused and closed instead (RequestFlowTest), and this test shows that
     * nothing is lost.
     */
    private static final int FLOOD = 1_000;
    private static final ConnectionLimits LIMITS = ConnectionLimits.DEFAULTS
            .withRate(100_000, 100_000, 1_000)
            .withSlowConsumerTimeout(Duration.ofSeconds(90));
    private ItServer server;

    @BeforeEach
    void start() throws Exception {
        server = ItServer.start(SEEDS, LIMITS);
        try (Wire staff = server.raw(COMMUNITY_STAFF, "desk")) {
            for (int i = 1; i <= NOTICES; i++) {
                staff.ok(Requests.toUnit(M1, MaximalNotices.body("n" + i), "max-" + i));
            }
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aClientThatDoesNotReadIsPausedWithBoundedBytesQueuedAndLosesNothing() throws Exception {
        long bound = RequestFlow.replyBytesBound(LIMITS, RequestFlow.DEFAULT_MAX_IN_FLIGHT);
        try (Socket flood = new Socket()) {
            flood.setReceiveBufferSize(4_096); // so the kernel holds little of what the node sends
            flood.setSoTimeout(30_000);
            flood.connect(new InetSocketAddress("127.0.0.1", server.port()));
            DataInputStream in = new DataInputStream(flood.getInputStream());
            DataOutputStream out = new DataOutputStream(flood.getOutputStream());
            write(out, Envelope.newBuilder().setRequestId(1).setLogin(Login.newBuilder()
                    .setToken(server.token(resident(M1, 1), "flood")).setDevice("flood")));
            assertThat(readReply(in, 1).hasLoginOk()).isTrue();
            Channel node = server.server().runtime().sessions().byDevice(resident(M1, 1), "flood")
                    .map(Session::channel).orElseThrow();

            AtomicLong peak = new AtomicLong();
            Thread sampler = daemon(() -> {
                while (!Thread.currentThread().isInterrupted() && node.isOpen()) {
                    ChannelOutboundBuffer buffer = node.unsafe().outboundBuffer();
                    if (buffer != null) {
                        peak.accumulateAndGet(buffer.totalPendingWriteBytes(), Math::max);
                    }
                    LockSupport.parkNanos(200_000);
                }
            });
            try {
                ByteArrayOutputStream requests = new ByteArrayOutputStream();
                DataOutputStream frames = new DataOutputStream(requests);
                for (long id = 2; id < 2 + FLOOD; id++) {
                    write(frames, Requests.fetch(unit(M1), 0, 200).setRequestId(id));
                }
                Thread writer = daemon(() -> {
                    try {
                        out.write(requests.toByteArray());
                        out.flush();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });

                // the node stops reading this client and keeps it stopped
                awaitTrue(() -> !node.config().isAutoRead() && !node.isWritable(), "flooder paused");
                Thread.sleep(1_000);
                assertThat(node.config().isAutoRead()).isFalse();

                // a phone on the same node is unaffected: full sync, then a live push
                try (ItServer.Connected phone = server.client(resident(M1, 2), "phone")) {
                    phone.recorder().awaitNotices(NOTICES);
                    try (Wire staff = server.raw(COMMUNITY_STAFF, "desk2")) {
                        staff.ok(Requests.toUnit(M1, "停水通知"));
                    }
                    phone.recorder().awaitNotices(NOTICES + 1);
                    assertThat(phone.recorder().keys()).isEqualTo(LongStream.rangeClosed(1, NOTICES + 1)
                            .mapToObj(seq -> unit(M1) + "#" + seq).toList());
                }
                assertThat(node.config().isAutoRead()).isFalse();
                assertThat(peak.get()).isLessThanOrEqualTo(bound);

                // the flooder reads at last: every request answered once, with the first page
                TreeSet<Long> answered = new TreeSet<>();
                while (answered.size() < FLOOD) {
                    Envelope e = read(in);
                    if (e.getRequestId() == 0) {
                        continue; // pushes (the SyncHint after the drain)
                    }
                    assertThat(answered.add(e.getRequestId())).as("answered twice: %s", e.getRequestId()).isTrue();
                    List<Notice> page = e.getFetchResult().getNoticesList();
                    assertThat(page).extracting(Notice::getSeq).containsExactly(1L);
                }
                assertThat(answered.first()).isEqualTo(2);
                assertThat(answered.last()).isEqualTo(FLOOD + 1);
                writer.join(10_000);
                awaitTrue(() -> node.config().isAutoRead(), "flooder read again");
            } finally {
                sampler.interrupt();
                sampler.join(5_000);
            }
            assertThat(peak.get()).isLessThanOrEqualTo(bound);
        }
    }

    private static Thread daemon(Runnable task) {
        Thread t = new Thread(task, "flood-it");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }

    private static void write(DataOutputStream out, Envelope.Builder envelope) throws java.io.IOException {
        byte[] bytes = envelope.setVersion(1).build().toByteArray();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static Envelope readReply(DataInputStream in, long id) throws java.io.IOException {
        while (true) {
            Envelope e = read(in);
            if (e.getRequestId() == id) {
                return e;
            }
        }
    }

    private static Envelope read(DataInputStream in) throws java.io.IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return Envelope.parseFrom(bytes);
    }
}
