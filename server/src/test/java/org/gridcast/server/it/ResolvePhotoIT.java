package org.gridcast.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.gridcast.server.it.Town.COMMUNITY_STAFF;
import static org.gridcast.server.it.Town.G1_WORKER;
import static org.gridcast.server.it.Town.G2M1;
import static org.gridcast.server.it.Town.M1;
import static org.gridcast.server.it.Town.SEEDS;
import static org.gridcast.server.it.Town.resident;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.EventDetail;
import org.gridcast.protocol.EventUpdate;
import org.gridcast.protocol.GetEvent;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.ReportEvent;
import org.gridcast.protocol.TimelineEntry;
import org.gridcast.protocol.TransitionEvent;
import org.gridcast.server.media.MediaLedger;
import org.gridcast.server.media.MediaLimits;
import org.gridcast.server.testing.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 回单 with a photo the staff member has just uploaded ({@code POST /media}): the step takes the
 * sender's own upload {@code /media/<sha256>}, as a report does, and from then on whoever may see
 * the event may fetch it; someone else's upload, a malformed {@code /media/} URL or a link that is
 * not absolute http(s) is refused with a clear code and changes nothing; absolute links still
 * work. A real node, a real Redis, the protocol over TCP and the photos over HTTP.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ResolvePhotoIT {
    /** The reporter. */
    static final String ALICE = resident(M1, 1);
    /** A neighbour in the same micro-grid: may not see Alice's event. */
    static final String BOB = resident(M1, 2);
    /** A resident of the other grid. */
    static final String FAR = resident(G2M1, 1);

    private ItServer server;

    @BeforeEach
    void start() throws IOException {
        server = ItServer.start(SEEDS, c -> c.mediaLimits(MediaLimits.DEFAULTS));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aResolveTakesTheHandlersOwnUploadAndTheReporterMayThenSeeIt() throws Exception {
        byte[] after = jpeg(25_000, 41);
        String photo = "/media/" + sha256(after);
        byte[] alicesOwn = jpeg(12_000, 42);
        String alicesPhoto = "/media/" + sha256(alicesOwn);
        assertThat(upload(G1_WORKER, after).status()).isEqualTo(201);
        assertThat(upload(ALICE, alicesOwn).status()).isEqualTo(201);
        assertThat(get(ALICE, photo).status()).as("before the 回单 only its uploader sees it").isEqualTo(403);

        try (Wire alice = server.raw(ALICE, "phone"); Wire worker = server.raw(G1_WORKER, "desk")) {
            String id = alice.ok(report("航海路12号路灯不亮")).getEventResult().getEvent().getId();
            worker.ok(step(id, "ACCEPTED", "", 0));
            worker.ok(step(id, "IN_PROGRESS", "", 0));
            EventDetail before = detail(worker, id);

            assertThat(worker.call(step(id, "RESOLVED", alicesPhoto, 0)).getError())
                    .satisfies(e -> assertThat(e.getCode()).isEqualTo(ErrorCode.FORBIDDEN))
                    .satisfies(e -> assertThat(e.getMessage()).contains("not uploaded by " + G1_WORKER));
            assertThat(worker.error(step(id, "RESOLVED", "/media/" + "1".repeat(64), 0)))
                    .as("never uploaded").isEqualTo(ErrorCode.FORBIDDEN);
            for (String bad : List.of("/media/../secret", "/media/" + "A".repeat(64), "/other/x.jpg",
                    "javascript:alert(1)", "data:image/png;base64,AAAA", "https://example.cn/a\tb.jpg")) {
                assertThat(worker.error(step(id, "RESOLVED", bad, 0))).as(bad).isEqualTo(ErrorCode.BAD_REQUEST);
            }
            assertThat(worker.error(step(id, "RESOLVED", photo, before.getVersion() - 1)))
                    .as("a stale step").isEqualTo(ErrorCode.CONFLICT);
            EventDetail unchanged = detail(worker, id);
            assertThat(unchanged.getSummary().getState()).isEqualTo("IN_PROGRESS");
            assertThat(unchanged.getVersion()).isEqualTo(before.getVersion());
            assertThat(unchanged.getTimelineCount()).isEqualTo(before.getTimelineCount());
            assertThat(get(ALICE, photo).status()).as("refused steps linked nothing").isEqualTo(403);
            assertThat(get(G1_WORKER, alicesPhoto).status()).isEqualTo(403);

            worker.ok(Envelope.newBuilder().setEventCall(EventCall.newBuilder()
                    .setTransition(transition(id, "RESOLVED", photo, before.getVersion()).setNote("已更换灯泡"))));

            EventDetail resolved = detail(alice, id);
            assertThat(resolved.getSummary().getState()).isEqualTo("RESOLVED");
            assertThat(resolved.getAttachmentsList()).as("the report's photos are the reporter's").isEmpty();
            TimelineEntry last = resolved.getTimeline(resolved.getTimelineCount() - 1);
            assertThat(last.getState()).isEqualTo("RESOLVED");
            assertThat(last.getActor()).isEqualTo(G1_WORKER);
            assertThat(last.getNote()).isEqualTo("已更换灯泡");
            assertThat(last.getPhoto()).isEqualTo(photo);
            assertThat(resolved.getTimelineList().subList(0, resolved.getTimelineCount() - 1))
                    .extracting(TimelineEntry::getPhoto).containsOnly("");
            EventUpdate told = update(alice, "RESOLVED");
            assertThat(told.getPhoto()).isEqualTo(photo);
            assertThat(told.getNote()).isEqualTo("已更换灯泡");
        }

        RawHttp.Response reporter = get(ALICE, photo);
        assertThat(reporter.status()).isEqualTo(200);
        assertThat(reporter.body()).isEqualTo(after);
        assertThat(get(COMMUNITY_STAFF, photo).body()).isEqualTo(after);
        RawHttp.Response neighbour = get(BOB, photo);
        assertThat(neighbour.status()).isEqualTo(403);
        assertThat(neighbour.text()).startsWith("{\"error\":\"FORBIDDEN\",");
        assertThat(get(FAR, photo).status()).isEqualTo(403);
        assertThat(get(null, photo).status()).isEqualTo(401);
        assertThat(get(G1_WORKER, alicesPhoto).status()).as("the refused photo stays Alice's").isEqualTo(403);
    }

    @Test
    void anAbsoluteLinkStillWorksAsAStepsPhoto() throws Exception {
        try (Wire alice = server.raw(ALICE, "phone"); Wire worker = server.raw(G1_WORKER, "desk")) {
            String id = alice.ok(report("下水道堵塞")).getEventResult().getEvent().getId();
            worker.ok(step(id, "ACCEPTED", "", 0));
            worker.ok(step(id, "IN_PROGRESS", "", 0));
            worker.ok(step(id, "RESOLVED", "https://files.town.example/after.jpg", 0));
            worker.ok(step(id, "IN_PROGRESS", "", 0)); // 返工
            worker.ok(step(id, "RESOLVED", "http://10.0.0.8/photos/2.jpg", 0));
            assertThat(detail(alice, id).getTimelineList()).extracting(TimelineEntry::getState, TimelineEntry::getPhoto)
                    .containsExactly(
                            tuple("SUBMITTED", ""),
                            tuple("ACCEPTED", ""),
                            tuple("IN_PROGRESS", ""),
                            tuple("RESOLVED", "https://files.town.example/after.jpg"),
                            tuple("IN_PROGRESS", ""),
                            tuple("RESOLVED", "http://10.0.0.8/photos/2.jpg"));
        }
    }

    @Test
    void aPhotoAlreadyOnSixteenEventsGoesOnNoStep() throws Exception {
        byte[] bytes = jpeg(4_000, 43);
        String photo = "/media/" + sha256(bytes);
        assertThat(upload(G1_WORKER, bytes).status()).isEqualTo(201);
        try (Wire alice = server.raw(ALICE, "phone"); Wire worker = server.raw(G1_WORKER, "desk")) {
            // the grid worker reports on patrol with the photo until it is on the limit's events
            for (int i = 0; i < MediaLedger.MAX_EVENTS_PER_PHOTO; i++) {
                worker.ok(Envelope.newBuilder().setEventCall(EventCall.newBuilder().setReport(ReportEvent.newBuilder()
                        .setCategory("市政设施/道路破损").setText("巡查第" + i + "处").setUnit(M1).addAttachments(photo))));
            }
            String id = alice.ok(report("路面塌陷")).getEventResult().getEvent().getId();
            worker.ok(step(id, "ACCEPTED", "", 0));
            worker.ok(step(id, "IN_PROGRESS", "", 0));
            assertThat(worker.error(step(id, "RESOLVED", photo, 0))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(detail(worker, id).getSummary().getState()).isEqualTo("IN_PROGRESS");
        }
        assertThat(get(ALICE, photo).status()).isEqualTo(403);
    }

    // ------------------------------------------------------------------ helpers

    private static Envelope.Builder report(String text) {
        return Envelope.newBuilder().setEventCall(EventCall.newBuilder().setReport(ReportEvent.newBuilder()
                .setCategory("市政设施/路灯损坏").setText(text)));
    }

    private static TransitionEvent.Builder transition(String id, String to, String photo, long expectedVersion) {
        return TransitionEvent.newBuilder().setId(id).setTo(to).setPhoto(photo).setExpectedVersion(expectedVersion);
    }

    private static Envelope.Builder step(String id, String to, String photo, long expectedVersion) {
        return Envelope.newBuilder().setEventCall(EventCall.newBuilder().setTransition(transition(id, to, photo, expectedVersion)));
    }

    private static EventDetail detail(Wire w, String id) throws IOException {
        return w.ok(Envelope.newBuilder().setEventCall(EventCall.newBuilder().setGet(GetEvent.newBuilder().setId(id))))
                .getEventResult().getDetail();
    }

    /** The next event update in the member's inbox that reached {@code state}; earlier ones are passed over. */
    private static EventUpdate update(Wire w, String state) throws IOException {
        while (true) {
            Notice n = w.notice();
            if ("event".equals(n.getKind())) {
                EventUpdate u = EventUpdate.parseFrom(n.getExtra());
                if (u.getState().equals(state)) {
                    return u;
                }
            }
        }
    }

    private RawHttp.Response upload(String member, byte[] body) throws IOException {
        return RawHttp.exchange(server.server().httpPort(), "POST /media HTTP/1.1\r\nHost: a\r\n" + bearer(member)
                + "Content-Type: image/jpeg\r\nContent-Length: " + body.length + "\r\n", body);
    }

    private RawHttp.Response get(String member, String url) throws IOException {
        return RawHttp.exchange(server.server().httpPort(), "GET " + url + " HTTP/1.1\r\nHost: a\r\n"
                + (member == null ? "" : bearer(member)));
    }

    private String bearer(String member) {
        return "Authorization: Bearer " + server.token(member, "") + "\r\n";
    }

    /** A JPEG as far as its signature goes, then noise. */
    private static byte[] jpeg(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xD8;
        b[2] = (byte) 0xFF;
        b[3] = (byte) 0xE0;
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
