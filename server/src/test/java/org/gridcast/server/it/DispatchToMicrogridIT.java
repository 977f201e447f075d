package org.gridcast.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridcast.server.it.Town.*;

import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.EventDetail;
import org.gridcast.protocol.FetchResult;
import org.gridcast.protocol.GetEvent;
import org.gridcast.protocol.ReportEvent;
import org.gridcast.protocol.TransitionEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 8, item 7: an event dispatched to a micro-grid is handled by its leader, not by every
 * resident of the micro-grid. A neighbour is refused (FORBIDDEN, as for any event outside one's
 * scope) to read it or move it, and is not sent its updates; the leader reads, signs, resolves.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DispatchToMicrogridIT {
    private static final String REPORTER = resident(M1, 1);
    private static final String NEIGHBOUR = resident(M1, 2);

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
    void onlyTheLeaderHandlesAnEventDispatchedToTheMicrogrid() throws Exception {
        try (Wire reporter = server.raw(REPORTER, "phone"); Wire worker = server.raw(G1_WORKER, "desk");
             Wire staff = server.raw(COMMUNITY_STAFF, "desk"); Wire neighbour = server.raw(NEIGHBOUR, "phone");
             Wire leader = server.raw(M1_LEADER, "phone")) {
            String id = reporter.ok(call(EventCall.newBuilder().setReport(ReportEvent.newBuilder()
                    .setCategory("市政设施/路灯损坏").setText("3幢楼道灯不亮").setClientReportId("r1"))))
                    .getEventResult().getEvent().getId();
            assertThat(state(worker.ok(transition(id, "ACCEPTED", "")))).isEqualTo("ACCEPTED");
            assertThat(state(staff.ok(transition(id, "DISPATCHED", M1)))).isEqualTo("DISPATCHED");

            assertThat(neighbour.error(get(id))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(neighbour.error(transition(id, "IN_PROGRESS", ""))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(neighbour.error(transition(id, "RETURNED", ""))).isEqualTo(ErrorCode.FORBIDDEN);

            EventDetail dispatched = leader.ok(get(id)).getEventResult().getDetail();
            assertThat(dispatched.getSummary().getState()).isEqualTo("DISPATCHED");
            assertThat(dispatched.getSummary().getHandler()).isEqualTo(M1);
            assertThat(dispatched.getVersion()).isEqualTo(3);
            assertThat(state(leader.ok(transition(id, "IN_PROGRESS", "")))).isEqualTo("IN_PROGRESS");

            assertThat(neighbour.error(get(id))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(neighbour.error(transition(id, "RESOLVED", ""))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(state(leader.ok(transition(id, "RESOLVED", "")))).isEqualTo("RESOLVED");
            assertThat(leader.ok(get(id)).getEventResult().getDetail().getSummary().getHandler()).isEqualTo(M1_LEADER);

            // every change above was told before its reply: none of it reached the neighbour
            FetchResult inbox = neighbour.ok(Requests.fetch(inbox(NEIGHBOUR), 0, 10)).getFetchResult();
            assertThat(inbox.getHead()).isZero();
            assertThat(inbox.getNoticesList()).isEmpty();
        }
    }

    private static Envelope.Builder call(EventCall.Builder call) {
        return Envelope.newBuilder().setEventCall(call);
    }

    private static Envelope.Builder get(String id) {
        return call(EventCall.newBuilder().setGet(GetEvent.newBuilder().setId(id)));
    }

    private static Envelope.Builder transition(String id, String to, String handler) {
        return call(EventCall.newBuilder().setTransition(TransitionEvent.newBuilder().setId(id).setTo(to)
                .setHandler(handler)));
    }

    private static String state(Envelope reply) {
        return reply.getEventResult().getEvent().getState();
    }
}
