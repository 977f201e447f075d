package org.gridcast.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridcast.server.it.Town.*;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.UnreadCounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The unread badge stays exact across a member's two devices: a read on one shows on the other. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadgeIT {
    private static final String R1 = resident(M1, 1);
    private ItServer server;

    @BeforeEach
    void start() throws Exception {
        server = ItServer.start(SEEDS);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void readsOnOneDeviceUpdateTheBadgeOnTheOther() throws Exception {
        try (ItServer.Connected a = server.client(R1, "phone");
             ItServer.Connected b = server.client(R1, "tablet");
             Wire staff = server.raw(COMMUNITY_STAFF, "desk")) {
            staff.ok(Requests.toUnit(M1, "一"));
            staff.ok(Requests.toUnit(M1, "二"));
            staff.ok(Requests.toUnit(M1, "三"));
            staff.ok(Requests.toUnit(G1, "网格"));
            a.recorder().awaitNotices(4);
            b.recorder().awaitNotices(4);
            assertUnread(a, 4, Map.of(unit(M1), 3L, unit(G1), 1L));
            assertUnread(b, 4, Map.of(unit(M1), 3L, unit(G1), 1L));

            assertThat(await(a.client().markRead(unit(M1), 2))).isEqualTo(2L);
            Recorder.Badge onB = b.recorder().awaitBadge(x -> x.channel().equals(unit(M1)) && x.read() == 2, "read 2 on B");
            assertThat(onB.total()).isEqualTo(2);
            assertUnread(b, 2, Map.of(unit(M1), 1L, unit(G1), 1L));

            assertThat(await(b.client().markRead(unit(G1), 1))).isEqualTo(1L);
            Recorder.Badge onA = a.recorder().awaitBadge(x -> x.channel().equals(unit(G1)) && x.read() == 1, "read 1 on A");
            assertThat(onA.total()).isEqualTo(1);
            assertUnread(a, 1, Map.of(unit(M1), 1L));

            // a read cursor never goes down
            assertThat(await(a.client().markRead(unit(M1), 1))).isEqualTo(2L);
            assertUnread(a, 1, Map.of(unit(M1), 1L));

            // confirming the last one reads it too, on both devices
            await(b.client().confirm(unit(M1), 3));
            Recorder.Badge zero = a.recorder().awaitBadge(x -> x.channel().equals(unit(M1)) && x.read() == 3, "read 3 on A");
            assertThat(zero.total()).isZero();
            assertUnread(a, 0, Map.of());
            assertUnread(b, 0, Map.of());

            staff.ok(Requests.toUnit(COMMUNITY, "社区"));
            a.recorder().awaitNotices(5);
            assertUnread(a, 1, Map.of(unit(COMMUNITY), 1L));
        }
    }

    private static void assertUnread(ItServer.Connected device, long total, Map<String, Long> channels) throws Exception {
        UnreadCounts counts = await(device.client().unread());
        assertThat(counts.getTotal()).isEqualTo(total);
        assertThat(counts.getChannelsMap()).isEqualTo(channels);
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> f) throws Exception {
        return f.get(ItServer.WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
