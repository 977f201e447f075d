package org.gridcast.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridcast.protocol.AddMember;
import org.gridcast.protocol.Ask;
import org.gridcast.protocol.Chat;
import org.gridcast.protocol.Confirm;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.EventQueue;
import org.gridcast.protocol.Faq;
import org.gridcast.protocol.FollowUpEvent;
import org.gridcast.protocol.GetDirectory;
import org.gridcast.protocol.GetEvent;
import org.gridcast.protocol.GetPresence;
import org.gridcast.protocol.GetStats;
import org.gridcast.protocol.GetUnread;
import org.gridcast.protocol.HandOver;
import org.gridcast.protocol.IssueInvite;
import org.gridcast.protocol.ListConversations;
import org.gridcast.protocol.ListEvents;
import org.gridcast.protocol.ListFaq;
import org.gridcast.protocol.Login;
import org.gridcast.protocol.Logout;
import org.gridcast.protocol.MarkRead;
import org.gridcast.protocol.MoveMember;
import org.gridcast.protocol.Ping;
import org.gridcast.protocol.PutFaq;
import org.gridcast.protocol.RateEvent;
import org.gridcast.protocol.ReceiptList;
import org.gridcast.protocol.RedeemInvite;
import org.gridcast.protocol.RemindUnread;
import org.gridcast.protocol.RemoveMember;
import org.gridcast.protocol.ReportEvent;
import org.gridcast.protocol.Revoke;
import org.gridcast.protocol.TransitionEvent;
import org.gridcast.protocol.GetReceipts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every request type of the protocol (the Envelope oneof, and each EventCall of events.proto)
 * against every role, from ONE table: each row names a request and the outcome per role —
 * {@code A} allowed, else the exact ErrorCode — and each cell is a real request over a real
 * socket from a member of that role to the real server on {@code seeds/hardening.tsv}. The
 * targets sit in the first community's chain (c1 → c1-g1 → c1-g1-m1); "other community" is the
 * staff of c2. A row that changes data undoes it after each allowed cell, as the operator.
 *
 * <p>Cells tagged {@link #AFTER_AUTHZ_MERGE} encode the rules of the authz branch (existing
 * members' invites are OPERATOR-only; a move needs the actor's scope to cover both ends, nobody
 * moves an equal or higher role; residents get no HANDLER capacity on events dispatched to
 * their micro-grid). Until it is merged ({@link #AUTHZ_MERGED} false) they are checked against
 * the rules before it, given beside them; the lead flips the flag on merging.
 */
@Timeout(300)
class PermissionMatrixIT {
    /** Flip when the authz branch is merged: the tagged cells then must hold their new value. */
    static final boolean AUTHZ_MERGED = true;

    /** Roles, in the column order of the table. */
    enum Actor {
        RESIDENT(Hamlet.RESIDENT), LEADER(Hamlet.LEADER), GRID_WORKER(Hamlet.GRID_WORKER),
        COMMUNITY_STAFF(Hamlet.COMMUNITY_STAFF), TOWN_STAFF(Hamlet.TOWN_STAFF), OPERATOR(Hamlet.OPERATOR),
        SHOP(Hamlet.SHOP), OTHER_COMMUNITY(Hamlet.OTHER_STAFF);

        final String id;

        Actor(String id) {
            this.id = id;
        }
    }

    @FunctionalInterface
    interface Request {
        Envelope.Builder build(Actor actor) throws IOException;
    }

    @FunctionalInterface
    interface Undo {
        void run(Actor actor) throws IOException;
    }

    /** One row: expected outcomes in {@link Actor} order, e.g. {@code "F A A A A A F F"}. */
    record Row(String name, Request request, String expected, Undo undo) {
    }

    static final String A = "A";

    /** Cells whose expectation comes from the authz branch: row name → (actor → expectation after the merge). */
    static final Map<String, Map<Actor, String>> AFTER_AUTHZ_MERGE = Map.of(
            "MOVE_MEMBER resident m1 → m2", Map.of(Actor.LEADER, "FORBIDDEN"),
            "ISSUE_INVITE for an existing member", Map.of(Actor.LEADER, "FORBIDDEN", Actor.GRID_WORKER, "FORBIDDEN",
                    Actor.COMMUNITY_STAFF, "FORBIDDEN", Actor.TOWN_STAFF, "FORBIDDEN"),
            "EVENT sign an event dispatched to m1", Map.of(Actor.RESIDENT, "FORBIDDEN"));

    static ItServer it;
    static final Map<Actor, Wire> wires = new EnumMap<>(Actor.class);
    static String noticeChannel;
    static String eventId;
    static String conversation;
    static int counter;

    @BeforeAll
    static void start() throws Exception {
        it = ItServer.start(Hamlet.seeds());
        for (Actor a : Actor.values()) {
            wires.put(a, it.raw(a.id, "matrix"));
        }
        Envelope posted = wires.get(Actor.LEADER).ok(Requests.toUnit(Hamlet.M1, "停水通知"));
        noticeChannel = posted.getNoticePosted().getChannel();
        eventId = report("路灯不亮");
        conversation = wires.get(Actor.RESIDENT).ok(event(EventCall.newBuilder().setAsk(Ask.newBuilder()
                .setText("低保怎么申请").setSend(true).setClientMsgId("matrix-ask")))).getEventResult().getAsk()
                .getConversation().getId();
    }

    @AfterAll
    static void stop() throws IOException {
        for (Wire w : wires.values()) {
            w.close();
        }
        it.close();
    }

    /** The table. Columns: RESIDENT LEADER GRID_WORKER COMMUNITY_STAFF TOWN_STAFF OPERATOR SHOP OTHER_COMMUNITY. */
    static List<Row> table() {
        return List.of(
                // ---- session (Login and RedeemInvite are answered before login: a fresh socket each)
                row("LOGIN own token", a -> null, "A A A A A A A A"),
                row("PING", a -> Envelope.newBuilder().setPing(Ping.getDefaultInstance()), "A A A A A A A A"),
                row("LOGOUT", a -> Envelope.newBuilder().setLogout(Logout.getDefaultInstance()), "A A A A A A A A"),
                // an invite is redeemed on a fresh socket; on a session it is refused like any bad code
                row("REDEEM_INVITE after login", a -> Envelope.newBuilder().setRedeemInvite(
                        RedeemInvite.newBuilder().setCode("ABCDEFGH").setDevice("x")), "I I I I I I I I"),
                // ---- directory
                row("GET_DIRECTORY own micro-grid m1", a -> directory(Hamlet.M1), "A A A A A A F F"),
                row("GET_DIRECTORY community c1", a -> directory(Hamlet.C1), "F F F A A A F F"),
                row("MOVE_MEMBER resident m1 → m2", a -> Envelope.newBuilder().setMoveMember(
                        MoveMember.newBuilder().setMember(Hamlet.M1_FLOATING).setToUnit(Hamlet.M2)), "F A A A A A F F",
                        a -> operator(Envelope.newBuilder().setMoveMember(
                                MoveMember.newBuilder().setMember(Hamlet.M1_FLOATING).setToUnit(Hamlet.M1)))),
                row("ADD_MEMBER resident to m1", a -> Envelope.newBuilder().setAddMember(AddMember.newBuilder()
                        .setUnit(Hamlet.M1).setMember("c1-g1-m1-new").setName("新居民")), "F A A A A A F F",
                        a -> operator(Envelope.newBuilder().setRemoveMember(RemoveMember.newBuilder().setMember("c1-g1-m1-new")))),
                row("REMOVE_MEMBER resident of m1", a -> Envelope.newBuilder().setRemoveMember(
                        RemoveMember.newBuilder().setMember("c1-g1-m1-r3")), "F A A A A A F F",
                        a -> operator(Envelope.newBuilder().setAddMember(AddMember.newBuilder()
                                .setUnit(Hamlet.M1).setMember("c1-g1-m1-r3").setName("周居民")))),
                row("ISSUE_INVITE to m1", a -> Envelope.newBuilder().setIssueInvite(
                        IssueInvite.newBuilder().setUnit(Hamlet.M1)), "F A A A A A F F"),
                row("ISSUE_INVITE for an existing member", a -> Envelope.newBuilder().setIssueInvite(
                        IssueInvite.newBuilder().setUnit(Hamlet.M1).setMember("c1-g1-m1-r4")), "F A A A A A F F"),
                row("REVOKE a device", a -> Envelope.newBuilder().setRevoke(
                        Revoke.newBuilder().setMember("c1-g1-m1-r4").setDevice("lost-phone")), "F F F F F A F F"),
                row("GET_PRESENCE m1 and its resident", a -> Envelope.newBuilder().setGetPresence(
                        GetPresence.newBuilder().setUnit(Hamlet.M1).addMembers(Hamlet.RESIDENT)), "F A A A A A F F"),
                // ---- notices
                row("POST_NOTICE to m1", a -> Requests.toUnit(Hamlet.M1, Requests.body("通知"), "m1-" + a), "F A A A A A F F"),
                row("POST_NOTICE to c1", a -> Requests.toUnit(Hamlet.C1, Requests.body("通知"), "c1-" + a), "F F F A A A F F"),
                row("POST_NOTICE to a resident of m1", a -> Requests.toMembers(List.of(Hamlet.RESIDENT),
                        Requests.body("点对点"), "p2p-" + a), "F A A A A A F F"),
                row("FETCH u:m1", a -> Requests.fetch(noticeChannel, 0, 10), "A A F F F F F F"),
                row("MARK_READ u:m1", a -> Envelope.newBuilder().setMarkRead(
                        MarkRead.newBuilder().setChannel(noticeChannel).setSeq(1)), "A A F F F F F F"),
                row("CONFIRM u:m1", a -> Envelope.newBuilder().setConfirm(
                        Confirm.newBuilder().setChannel(noticeChannel).setSeq(1)), "A A F F F F F F"),
                row("GET_UNREAD", a -> Envelope.newBuilder().setGetUnread(GetUnread.getDefaultInstance()), "A A A A A A A A"),
                row("GET_RECEIPTS counts of the leader's notice", a -> Envelope.newBuilder().setGetReceipts(
                        GetReceipts.newBuilder().setChannel(noticeChannel).setSeq(1)), "F A A A A A F F"),
                row("GET_RECEIPTS read list", a -> Envelope.newBuilder().setGetReceipts(GetReceipts.newBuilder()
                        .setChannel(noticeChannel).setSeq(1).setList(ReceiptList.READ)), "F A A A A A F F"),
                row("REMIND_UNREAD of a fresh notice", a -> {
                    long seq = wires.get(Actor.LEADER).ok(Requests.toUnit(Hamlet.M1, Requests.body("提醒"), "remind-" + a))
                            .getNoticePosted().getSeq();
                    return Envelope.newBuilder().setRemindUnread(RemindUnread.newBuilder().setChannel(noticeChannel).setSeq(seq));
                }, "F A A A A A F F"),
                // ---- events (EventCall)
                row("EVENT report at home", a -> event(EventCall.newBuilder().setReport(ReportEvent.newBuilder()
                        .setCategory("市政设施/路灯损坏").setText("报告").setClientReportId("matrix-" + a))), "A A A A A F A A"),
                row("EVENT list pending", a -> event(EventCall.newBuilder().setList(ListEvents.newBuilder().setQueue(EventQueue.PENDING))),
                        "A A A A A A A A"),
                // operators run the system, not the workflow: they neither report nor see events
                row("EVENT get", a -> event(EventCall.newBuilder().setGet(GetEvent.newBuilder().setId(eventId))), "A A A A A F F F"),
                row("EVENT sign an event dispatched to m1", a -> event(EventCall.newBuilder().setTransition(
                        TransitionEvent.newBuilder().setId(dispatchedTo(Hamlet.M1, a)).setTo("IN_PROGRESS"))),
                        "A A F F F F F F"),
                row("EVENT transition submitted → accepted", a -> {
                    String id = report("受理 " + a);
                    return event(EventCall.newBuilder().setTransition(TransitionEvent.newBuilder().setId(id).setTo("ACCEPTED")));
                }, "F A A A F F F F"), // 受理 is the grid's and the community's, not the town's
                // rating and follow-up check the event's state before the actor's part in it, so on an open
                // event those who may see it get CONFLICT and the others FORBIDDEN
                row("EVENT rate an open event", a -> event(EventCall.newBuilder().setRate(
                        RateEvent.newBuilder().setId(eventId).setScore("satisfied"))), "C C C C C F F F"),
                row("EVENT follow-up of an open event", a -> event(EventCall.newBuilder().setFollowUp(
                        FollowUpEvent.newBuilder().setId(eventId).setNote("回访"))), "C C C C C F F F"),
                row("EVENT stats of c1", a -> event(EventCall.newBuilder().setStats(GetStats.newBuilder().setUnit(Hamlet.C1))),
                        "F F F A A A F F"),
                row("EVENT ask (FAQ only)", a -> event(EventCall.newBuilder().setAsk(Ask.newBuilder().setText("低保"))),
                        "A A A A A A A A"),
                row("EVENT chat history of the resident's consultation", a -> event(EventCall.newBuilder().setChat(
                        Chat.newBuilder().setConversation(conversation).setHistory(true))), "A A F F F F F F"),
                row("EVENT hand over the consultation to the grid worker", a -> event(EventCall.newBuilder().setHandOver(
                        HandOver.newBuilder().setConversation(conversation).setTo(Hamlet.GRID_WORKER))), "F A F F F F F F",
                        a -> wires.get(Actor.GRID_WORKER).ok(event(EventCall.newBuilder().setHandOver(
                                HandOver.newBuilder().setConversation(conversation).setTo(Hamlet.LEADER))))),
                row("EVENT list conversations", a -> event(EventCall.newBuilder().setConversations(
                        ListConversations.getDefaultInstance())), "A A A A A A A A"),
                row("EVENT put an FAQ of c1", a -> event(EventCall.newBuilder().setPutFaq(PutFaq.newBuilder()
                        .setCommunity(Hamlet.C1).setFaq(Faq.newBuilder().setId("faq-" + a).setQuestion("问").setAnswer("答")))),
                        "F F F A A F F F"), // FAQs are kept by the community's staff (and the town's)
                // FAQs are public answers: anyone signed in may read a community's
                row("EVENT list the FAQs of c1", a -> event(EventCall.newBuilder().setListFaq(
                        ListFaq.newBuilder().setCommunity(Hamlet.C1))), "A A A A A A A A"));
    }

    @Test
    void everyRequestTypeAgainstEveryRole() throws Exception {
        Map<String, String> mismatches = new LinkedHashMap<>();
        List<String> deferred = new ArrayList<>();
        StringBuilder actual = new StringBuilder();
        for (Row row : table()) {
            String[] expected = row.expected().split(" ");
            assertThat(expected).as(row.name()).hasSize(Actor.values().length);
            actual.append(String.format("%-52s", row.name()));
            for (Actor a : Actor.values()) {
                String want = expand(expected[a.ordinal()]);
                String after = AFTER_AUTHZ_MERGE.getOrDefault(row.name(), Map.of()).get(a);
                if (after != null && AUTHZ_MERGED) {
                    want = after;
                } else if (after != null) {
                    deferred.add(row.name() + " × " + a + ": " + want + " now, " + after + " after the authz merge");
                }
                String got = outcome(row, a);
                actual.append(' ').append(abbreviate(got));
                if (!got.equals(want)) {
                    mismatches.put(row.name() + " × " + a, "expected " + want + ", got " + got);
                }
            }
            actual.append('\n');
        }
        assertThat(mismatches).as("cells that differ from the table; the whole matrix as run:\n" + actual
                + "\ncells that change with the authz branch:\n" + String.join("\n", deferred)).isEmpty();
    }

    private static String outcome(Row row, Actor a) throws IOException {
        ErrorCode code;
        if (row.name().startsWith("LOGIN")) {
            code = loginError(it.token(a.id, "matrix-login"), "matrix-login");
        } else if (row.name().equals("LOGOUT")) {
            try (Wire w = it.raw(a.id, "matrix-logout")) {
                code = w.error(row.request().build(a));
            }
        } else {
            code = wires.get(a).error(row.request().build(a));
        }
        if (code == ErrorCode.ERROR_CODE_UNSPECIFIED && row.undo() != null) {
            row.undo().run(a);
        }
        return code == ErrorCode.ERROR_CODE_UNSPECIFIED ? A : code.name();
    }

    private static ErrorCode loginError(String token, String device) throws IOException {
        try (Wire w = new Wire(it.port())) {
            Envelope reply = w.call(Envelope.newBuilder().setLogin(Login.newBuilder().setToken(token).setDevice(device)));
            return reply.hasError() ? reply.getError().getCode() : ErrorCode.ERROR_CODE_UNSPECIFIED;
        }
    }

    private static Row row(String name, Request request, String expected) {
        return new Row(name, request, expected, null);
    }

    private static Row row(String name, Request request, String expected, Undo undo) {
        return new Row(name, request, expected, undo);
    }

    private static final Map<String, String> CODES = Map.of("F", "FORBIDDEN", "B", "BAD_REQUEST", "C", "CONFLICT",
            "N", "NOT_FOUND", "I", "INVALID_INVITE");

    private static String expand(String cell) {
        return cell.equals(A) ? A : CODES.getOrDefault(cell, cell);
    }

    private static String abbreviate(String outcome) {
        for (Map.Entry<String, String> e : CODES.entrySet()) {
            if (e.getValue().equals(outcome)) {
                return e.getKey();
            }
        }
        return outcome;
    }

    private static void operator(Envelope.Builder request) throws IOException {
        wires.get(Actor.OPERATOR).ok(request);
    }

    private static Envelope.Builder directory(String unit) {
        return Envelope.newBuilder().setGetDirectory(GetDirectory.newBuilder().setUnit(unit).setMembers(true));
    }

    private static Envelope.Builder event(EventCall.Builder call) {
        return Envelope.newBuilder().setEventCall(call);
    }

    /** A fresh event of the resident, accepted by the grid worker and dispatched by community staff to {@code unit}. */
    private static String dispatchedTo(String unit, Actor a) throws IOException {
        String id = report("派单 " + a);
        wires.get(Actor.GRID_WORKER).ok(event(EventCall.newBuilder().setTransition(
                TransitionEvent.newBuilder().setId(id).setTo("ACCEPTED"))));
        wires.get(Actor.COMMUNITY_STAFF).ok(event(EventCall.newBuilder().setTransition(
                TransitionEvent.newBuilder().setId(id).setTo("DISPATCHED").setHandler(unit))));
        return id;
    }

    /** An event the resident reports at home; its id. */
    private static String report(String text) throws IOException {
        return wires.get(Actor.RESIDENT).ok(event(EventCall.newBuilder().setReport(ReportEvent.newBuilder().setCategory("市政设施/路灯损坏")
                .setText(text).setClientReportId("matrix-setup-" + (++counter))))).getEventResult().getEvent().getId();
    }
}
