package org.gridcast.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridcast.server.it.Town.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.FetchResult;
import org.gridcast.protocol.Notice;
import org.gridcast.server.net.Frames;
import org.gridcast.server.notice.NoticeLimits;
import org.gridcast.server.testing.MaximalNotices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 8 item 4: a unit channel whose notices add up to more than one frame per Fetch page stays
 * syncable. 150 notices at every limit (in four-byte characters) on a micro-grid channel; a device
 * that has none of them gets all 150, once each, in order, through the client library and through
 * a raw socket, and no reply frame is over the frame limit. Before pages had a byte budget the
 * first page was ~8 MB and the client closed the connection (frame over the limit) on every try.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UnsyncableChannelIT {
    private static final int NOTICES = 150;
    private static final String R1 = resident(M1, 1);
    private static ItServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ItServer.start(SEEDS);
        try (Wire staff = server.raw(COMMUNITY_STAFF, "desk")) {
            for (int i = 1; i <= NOTICES; i++) {
                postRetryingRateLimit(staff, i);
            }
        }
        assertThat(server.head(unit(M1))).isEqualTo(NOTICES);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aFreshDeviceSyncsEveryMaximalNoticeOnceInOrderThroughTheClientLibrary() throws Exception {
        try (ItServer.Connected phone = server.client(R1, "fresh-phone")) {
            List<Recorder.Received> got = phone.recorder().awaitNotices(NOTICES);
            phone.recorder().awaitSynced(1);
            assertThat(phone.recorder().hasNoMoreWithin(300)).isTrue();
            assertThat(phone.recorder().keys()).isEqualTo(expectedKeys());
            assertThat(got).allMatch(Recorder.Received::backlog);
            for (int i = 0; i < NOTICES; i++) {
                assertThat(got.get(i).notice().getBody()).isEqualTo(MaximalNotices.body("n" + (i + 1)));
            }
        }
    }

    @Test
    void aRawSocketPagesThroughTheChannelWithEveryReplyInsideTheFrameLimit() throws Exception {
        try (Wire phone = server.raw(R1, "raw-phone")) {
            List<String> keys = new ArrayList<>();
            long after = 0;
            int pages = 0;
            long head = Long.MAX_VALUE;
            while (after < head) {
                Envelope reply = phone.ok(Requests.fetch(unit(M1), after, NoticeLimits.MAX_FETCH_LIMIT));
                assertThat(reply.getSerializedSize()).isLessThanOrEqualTo(Frames.MAX_FRAME_BYTES);
                FetchResult page = reply.getFetchResult();
                head = page.getHead();
                assertThat(page.getNoticesList()).isNotEmpty();
                for (Notice n : page.getNoticesList()) {
                    keys.add(n.getChannel() + "#" + n.getSeq());
                }
                after = page.getNotices(page.getNoticesCount() - 1).getSeq();
                pages++;
            }
            assertThat(keys).isEqualTo(expectedKeys());
            // a maximal notice is ~55 KB: one per page
            assertThat(pages).isEqualTo(NOTICES);
            assertThat(head).isEqualTo(NOTICES);
        }
    }

    private static List<String> expectedKeys() {
        return LongStream.rangeClosed(1, NOTICES).mapToObj(seq -> unit(M1) + "#" + seq).toList();
    }

    /** Posts notice i; past the connection's burst the server says RATE_LIMITED, and the same id is retried. */
    private static void postRetryingRateLimit(Wire staff, int i) throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            Envelope reply = staff.call(Requests.toUnit(M1, MaximalNotices.body("n" + i), "max-" + i));
            if (reply.hasNoticePosted()) {
                assertThat(reply.getNoticePosted().getSeq()).isEqualTo(i);
                return;
            }
            assertThat(reply.getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED);
            Thread.sleep(50);
        }
        throw new AssertionError("notice " + i + " was never accepted");
    }
}
