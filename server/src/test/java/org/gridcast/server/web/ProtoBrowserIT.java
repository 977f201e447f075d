package org.gridcast.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gridcast.client.GridcastClient;
import org.gridcast.protocol.ChannelState;
import org.gridcast.protocol.Cursor;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.Kicked;
import org.gridcast.protocol.Location;
import org.gridcast.protocol.Login;
import org.gridcast.protocol.LoginOk;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.protocol.NoticePush;
import org.gridcast.protocol.ReportEvent;
import org.gridcast.protocol.UnreadCounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The browser's hand-written protobuf codec (web/js/proto.js) against protobuf-java: bytes Java
 * wrote decode to the same values in the page, bytes the page wrote parse in Java to the message
 * the page meant, and an Envelope encoded in the page logs in to the real server over /ws.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ProtoBrowserIT {
    private static final long BIG = (1L << 60) + 3; // past 2^53: the page must keep it exact
    private static AppServer server;
    private static Browser page;

    @BeforeAll
    static void open() throws Exception {
        Browser.assumeInstalled();
        server = AppServer.start();
        page = Browser.start();
        page.get(server.url());
        page.testid("invite-code");
    }

    @AfterAll
    static void close() {
        if (page != null) {
            page.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void bytesFromJavaDecodeToTheSameValuesInThePage() {
        Envelope counts = Envelope.newBuilder().setVersion(1).setRequestId(BIG)
                .setUnreadCounts(UnreadCounts.newBuilder().setTotal(7).putChannels("u:t1", 3).putChannels("i:张三", 4)).build();
        assertThat(decodeInPage(counts, "[e.body, e.request_id, e.unread_counts.total, e.unread_counts.channels['u:t1'],"
                + " e.unread_counts.channels['i:张三'], Object.keys(e.unread_counts.channels).length, e.version]"))
                .containsExactly("unread_counts", Long.toString(BIG), 7L, 3L, 4L, 2L, 1L);

        Envelope push = Envelope.newBuilder().setNoticePush(NoticePush.newBuilder().setUnreadTotal(5)
                .setNotice(Notice.newBuilder().setChannel("u:t1").setSeq((1L << 53) + 1).setPostedAtMs(1_764_000_000_123L)
                        .setBody(NoticeBody.newBuilder().setTitle("防汛通知 🌧").setNeedsConfirm(true)
                                .addAttachments("https://a.example/1.jpg").addAttachments("https://a.example/2.jpg"))
                        .setExtra(ByteString.copyFrom(new byte[] {0, (byte) 255, 7})))).build();
        assertThat(decodeInPage(push, "[e.body, e.request_id, e.notice_push.notice.seq, e.notice_push.notice.posted_at_ms,"
                + " e.notice_push.notice.body.title, e.notice_push.notice.body.needs_confirm,"
                + " e.notice_push.notice.body.attachments.join(' '), Array.from(e.notice_push.notice.extra).join(','),"
                + " e.notice_push.notice.body.text, e.notice_push.unread_total, e.notice_push.notice.origin_seq]"))
                .containsExactly("notice_push", 0L, Long.toString((1L << 53) + 1), 1_764_000_000_123L, "防汛通知 🌧", true,
                        "https://a.example/1.jpg https://a.example/2.jpg", "0,255,7", "", 5L, 0L);

        Envelope kicked = Envelope.newBuilder().setKicked(Kicked.newBuilder().setReason(ErrorCode.SLOW_CONSUMER)).build();
        assertThat(decodeInPage(kicked, "[e.body, e.kicked.reason, e.kicked.message]"))
                .containsExactly("kicked", "SLOW_CONSUMER", "");
    }

    @Test
    void bytesFromThePageParseInJavaAsTheMessageThePageMeant() throws Exception {
        String base64 = (String) page.asyncScript("const done = arguments[arguments.length - 1];"
                + "import('/js/proto.js').then(({encode}) => {"
                + "  const bytes = encode('Envelope', {version: 1, request_id: '" + BIG + "', event_call: {report: {"
                + "    category: '市政设施/路灯损坏', text: '航海路12号路灯不亮', client_report_id: 'r-1', urgent: true,"
                + "    location: {lat: 30.3125, lng: 120.25, address: '航海路12号'},"
                + "    attachments: ['/media/ab', '/media/cd']}}});"
                + "  done(btoa(String.fromCharCode(...bytes)));"
                + "}).catch((e) => done('ERROR ' + e));");
        Envelope parsed = Envelope.parseFrom(Base64.getDecoder().decode(base64));
        assertThat(parsed).isEqualTo(Envelope.newBuilder().setVersion(1).setRequestId(BIG)
                .setEventCall(EventCall.newBuilder().setReport(ReportEvent.newBuilder()
                        .setCategory("市政设施/路灯损坏").setText("航海路12号路灯不亮").setClientReportId("r-1").setUrgent(true)
                        .setLocation(Location.newBuilder().setLat(30.3125).setLng(120.25).setAddress("航海路12号"))
                        .addAttachments("/media/ab").addAttachments("/media/cd"))).build());

        String cursors = (String) page.asyncScript("const done = arguments[arguments.length - 1];"
                + "import('/js/proto.js').then(({encode}) => {"
                + "  const bytes = encode('Envelope', {version: 1, request_id: 9, login: {token: 't', device: 'd',"
                + "    cursors: [{channel: 'u:t1', delivered: 12}, {channel: 'i:x', delivered: 0}]}});"
                + "  done(btoa(String.fromCharCode(...bytes)));"
                + "}).catch((e) => done('ERROR ' + e));");
        assertThat(Envelope.parseFrom(Base64.getDecoder().decode(cursors))).isEqualTo(Envelope.newBuilder().setVersion(1)
                .setRequestId(9).setLogin(Login.newBuilder().setToken("t").setDevice("d")
                        .addCursors(Cursor.newBuilder().setChannel("u:t1").setDelivered(12))
                        .addCursors(Cursor.newBuilder().setChannel("i:x"))).build());
    }

    @Test
    void anEnvelopeEncodedInThePageLogsInToTheServer() throws Exception {
        String member = AppServer.resident(9);
        LoginOk javaLogin;
        try (GridcastClient client = server.client(member, "java")) {
            javaLogin = client.session();
        }
        @SuppressWarnings("unchecked")
        List<Object> reply = (List<Object>) page.asyncScript("const done = arguments[arguments.length - 1];"
                + "import('/js/proto.js').then(({encode, decode}) => {"
                + "  const ws = new WebSocket('ws://' + location.host + '/ws'); ws.binaryType = 'arraybuffer';"
                + "  ws.onopen = () => ws.send(encode('Envelope', {version: 1, request_id: 41,"
                + "    login: {token: arguments[0], device: 'raw'}}));"
                + "  ws.onmessage = (m) => { const e = decode('Envelope', new Uint8Array(m.data)); ws.close();"
                + "    const ok = e.login_ok; done([e.request_id, e.body, ok.member, ok.role, ok.unit, ok.unread_total,"
                + "      ok.channels.map((c) => c.channel + '@' + c.head).sort().join(' ')]); };"
                + "}).catch((e) => done(['ERROR ' + e]));", server.token(member, "raw"));
        String channels = javaLogin.getChannelsList().stream().map(c -> c.getChannel() + "@" + c.getHead())
                .sorted().reduce((a, b) -> a + " " + b).orElse("");
        assertThat(reply).containsExactly(41L, "login_ok", member, "RESIDENT", AppServer.MICROGRID,
                javaLogin.getUnreadTotal(), channels);
        assertThat(javaLogin.getChannelsList()).extracting(ChannelState::getChannel).contains("u:" + AppServer.MICROGRID);
    }

    /** Hands Java's bytes to the page, which decodes them and evaluates {@code expression} over {@code e}. */
    @SuppressWarnings("unchecked")
    private static List<Object> decodeInPage(Envelope envelope, String expression) {
        String base64 = Base64.getEncoder().encodeToString(envelope.toByteArray());
        Object result = page.asyncScript("const done = arguments[arguments.length - 1];"
                + "import('/js/proto.js').then(({decode}) => {"
                + "  const e = decode('Envelope', Uint8Array.from(atob(arguments[0]), (c) => c.charCodeAt(0)));"
                + "  done(" + expression + ");"
                + "}).catch((e) => done(['ERROR ' + e]));", base64);
        return (List<Object>) result;
    }

}
