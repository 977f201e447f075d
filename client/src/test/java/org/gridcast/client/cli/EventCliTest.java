package org.gridcast.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.gridcast.client.ClientOptions;
import org.gridcast.client.FakeServer;
import org.gridcast.protocol.AskResult;
import org.gridcast.protocol.ChatMessage;
import org.gridcast.protocol.ChatResult;
import org.gridcast.protocol.ConversationInfo;
import org.gridcast.protocol.ConversationList;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.EventDetail;
import org.gridcast.protocol.EventOrder;
import org.gridcast.protocol.EventPage;
import org.gridcast.protocol.EventQueue;
import org.gridcast.protocol.EventRef;
import org.gridcast.protocol.EventResult;
import org.gridcast.protocol.EventStats;
import org.gridcast.protocol.EventSummary;
import org.gridcast.protocol.FaqMatch;
import org.gridcast.protocol.TimelineEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The event and consultation commands: argument errors and exact output against a real-frame protocol peer. */
@Timeout(30)
class EventCliTest {

    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    /** 2022-03-01T02:00:00Z. */
    private static final long MARCH_1_10H_SHANGHAI = 1_646_100_000_000L;

    private FakeServer server;
    private final Cli cli = new Cli(Cli.loadCommands(),
            ClientOptions.builder().requestTimeout(Duration.ofSeconds(3)).connectTimeout(Duration.ofSeconds(2)).build());

    private record Result(int exit, String out, String err) {
        List<String> outLines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = new FakeServer();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Result runAgainstServer(String... commandArgs) {
        String[] args = new String[commandArgs.length + 4];
        args[0] = "--server";
        args[1] = "127.0.0.1:" + server.port();
        args[2] = "--token";
        args[3] = "good";
        System.arraycopy(commandArgs, 0, args, 4, commandArgs.length);
        return run(args);
    }

    /** Argument errors are found before any connection: the fake server never sees a login. */
    private void assertBadArgs(String message, String... commandArgs) {
        Result r = runAgainstServer(commandArgs);
        assertThat(r.exit()).isEqualTo(Cli.EXIT_BAD_ARGS);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(Json.object().put("error", "BAD_ARGS").put("message", message) + System.lineSeparator());
        assertThat(server.logins).isEmpty();
    }

    private static EventResult ref(String id, String state) {
        return EventResult.newBuilder().setEvent(EventRef.newBuilder().setId(id).setState(state).setVersion(4)).build();
    }

    private static ConversationInfo conversation(long waitingSince, boolean overdue) {
        return ConversationInfo.newBuilder().setId("cv3").setResident("r1").setStaff("s1").setCommunity("c1")
                .setOpenedAtMs(MARCH_1_10H_SHANGHAI).setWaitingSinceMs(waitingSince).setOverdue(overdue).build();
    }

    private static final String CONVERSATION_ANSWERED =
            "{\"id\":\"cv3\",\"resident\":\"r1\",\"staff\":\"s1\",\"community\":\"c1\",\"openedAt\":\"2022-03-01T02:00:00Z\","
                    + "\"waitingSince\":null,\"overdue\":false}";

    // ------------------------------------------------------------------ argument errors

    @Test
    void reportArgumentErrors() {
        assertBadArgs("missing --category", "report", "--text", "x");
        assertBadArgs("--category must be LEVEL1/LEVEL2: 市政设施", "report", "--category", "市政设施", "--text", "x");
        assertBadArgs("--category must be LEVEL1/LEVEL2: a/b/c", "report", "--category", "a/b/c", "--text", "x");
        assertBadArgs("--category must be LEVEL1/LEVEL2: 市政设施/", "report", "--category", "市政设施/", "--text", "x");
        assertBadArgs("missing --text", "report", "--category", "市政设施/路灯");
        assertBadArgs("give --lat and --lng together", "report", "--category", "a/b", "--text", "x", "--lat", "30.3");
        assertBadArgs("--lat is not a number: north", "report", "--category", "a/b", "--text", "x", "--lat", "north", "--lng", "120");
        assertBadArgs("--lng must be between -180.0 and 180.0: 200", "report", "--category", "a/b", "--text", "x",
                "--lat", "30", "--lng", "200");
        assertBadArgs("--lat must be between -90.0 and 90.0: NaN", "report", "--category", "a/b", "--text", "x",
                "--lat", "NaN", "--lng", "120");
        assertBadArgs("at most 9 --attachments, got 10", "report", "--category", "a/b", "--text", "x",
                "--attachments", "u1,u2,u3,u4,u5,u6,u7,u8,u9,u10");
        assertBadArgs("unknown option --photo; usage: report --category LEVEL1/LEVEL2 --text T [--lat X --lng Y] [--address A] [--urgent]"
                + " [--client-report-id ID] [--attachments URL,...] [--on-behalf-of MEMBER] [--unit ID]", "report", "--photo", "p");
    }

    @Test
    void queueEventTransitionRateAndFollowUpArgumentErrors() {
        assertBadArgs("missing --queue", "events", "--unit", "g1");
        assertBadArgs("--queue must be pending, active, overdue or mine: done", "events", "--queue", "done");
        assertBadArgs("--order must be newest or deadline: oldest", "events", "--queue", "pending", "--order", "oldest");
        assertBadArgs("missing --id", "event");
        assertBadArgs("missing --to", "transition", "--id", "E1");
        assertBadArgs("--to must be one of ACCEPTED, INVALID, DISPATCHED, IN_PROGRESS, RETURNED, ESCALATED, RESOLVED, CLOSED, "
                + "REOPENED, WITHDRAWN: finished", "transition", "--id", "E1", "--to", "finished");
        assertBadArgs("--expected-version is not a number: v2", "transition", "--id", "E1", "--to", "closed", "--expected-version", "v2");
        assertBadArgs("missing --id", "rate", "--score", "satisfied");
        assertBadArgs("--score must be satisfied, basic or unsatisfied: 5", "rate", "--id", "E1", "--score", "5");
        assertBadArgs("missing --note", "follow-up", "--id", "E1");
    }

    @Test
    void statsArgumentErrorsAndTheHelpSaysRatesMayBeNull() {
        assertBadArgs("missing --unit", "stats");
        assertBadArgs("--from must be YYYY-MM-DD: 2022/01/01", "stats", "--unit", "t1", "--from", "2022/01/01");
        assertBadArgs("--to must be YYYY-MM-DD: 2022-02-30", "stats", "--unit", "t1", "--to", "2022-02-30");
        assertBadArgs("--from 2022-12-31 is after --to 2022-01-01", "stats", "--unit", "t1", "--from", "2022-12-31", "--to", "2022-01-01");
        assertBadArgs("unknown option --json; usage: stats --unit ID [--from YYYY-MM-DD --to YYYY-MM-DD] [--csv]"
                + " (rates are numbers 0..1 with 4 decimals, null when the denominator is 0)", "stats", "--unit", "t1", "--json");
    }

    @Test
    void consultationArgumentErrors() {
        assertBadArgs("missing --text", "ask", "--send");
        assertBadArgs("--to and --client-msg-id only go with --send; usage: ask --text T [--send [--to STAFF] [--client-msg-id ID]]",
                "ask", "--text", "q", "--to", "s1");
        String chatUsage = "chat --conversation ID (--send T [--client-msg-id ID] | --history [--after-seq N])";
        assertBadArgs("missing --conversation", "chat", "--history");
        assertBadArgs("give exactly one of --send and --history; usage: " + chatUsage, "chat", "--conversation", "cv1");
        assertBadArgs("give exactly one of --send and --history; usage: " + chatUsage, "chat", "--conversation", "cv1",
                "--send", "hi", "--history");
        assertBadArgs("--after-seq goes with --history, --client-msg-id with --send; usage: " + chatUsage,
                "chat", "--conversation", "cv1", "--send", "hi", "--after-seq", "3");
        assertBadArgs("--after-seq goes with --history, --client-msg-id with --send; usage: " + chatUsage,
                "chat", "--conversation", "cv1", "--history", "--client-msg-id", "m");
        assertBadArgs("missing --to", "handover", "--conversation", "cv1");
    }

    // ------------------------------------------------------------------ events

    @Test
    void reportSendsTheWholeReportAndPrintsIdAndState() throws Exception {
        server.answerEvents(call -> ref("E7", "SUBMITTED"));
        Result r = runAgainstServer("report", "--category", "市政设施/路灯", "--text", "路灯不亮\n两天了", "--lat", "30.3521",
                "--lng", "120.2874", "--address", "乔司街道 永西路 12号", "--urgent", "--attachments", "https://x/1.jpg, https://x/2.jpg");

        assertThat(r.exit()).isZero();
        assertThat(r.outLines()).containsExactly("{\"id\":\"E7\",\"state\":\"SUBMITTED\"}");
        var report = server.eventCalls().get(0).getReport();
        assertThat(report.getCategory()).isEqualTo("市政设施/路灯");
        assertThat(report.getText()).isEqualTo("路灯不亮\n两天了");
        assertThat(report.getLocation().getLat()).isEqualTo(30.3521);
        assertThat(report.getLocation().getLng()).isEqualTo(120.2874);
        assertThat(report.getLocation().getAddress()).isEqualTo("乔司街道 永西路 12号");
        assertThat(report.getUrgent()).isTrue();
        assertThat(report.getAttachmentsList()).containsExactly("https://x/1.jpg", "https://x/2.jpg");
        assertThat(report.getClientReportId()).matches(UUID_PATTERN);
        assertThat(report.getOnBehalfOf()).isEmpty();
    }

    @Test
    void reportKeepsTheGivenReportIdAndSendsNoLocationWhenNoneIsGiven() {
        server.answerEvents(call -> ref("E7", "SUBMITTED"));
        Result r = runAgainstServer("report", "--category", "矛盾纠纷/邻里", "--text", "噪音", "--client-report-id", "rep-1",
                "--on-behalf-of", "r9");

        assertThat(r.outLines()).containsExactly("{\"id\":\"E7\",\"state\":\"SUBMITTED\"}");
        var report = server.eventCalls().get(0).getReport();
        assertThat(report.getClientReportId()).isEqualTo("rep-1");
        assertThat(report.getOnBehalfOf()).isEqualTo("r9");
        assertThat(report.hasLocation()).isFalse();
        assertThat(report.getUrgent()).isFalse();
    }

    @Test
    void eventsPagesThroughTheWholeQueue() {
        server.answerEvents(call -> {
            EventPage.Builder page = EventPage.newBuilder().setPending(201);
            int count = call.getList().getOffset() == 0 ? EventsCommand.PAGE_SIZE : 1;
            for (int i = 0; i < count; i++) {
                int n = call.getList().getOffset() + i + 1;
                page.addEvents(EventSummary.newBuilder().setId("E" + n).setState("SUBMITTED").setCategory("民生服务/维修")
                        .setReporter("r" + n).setOverdue(n == 1 ? "red" : ""));
            }
            return EventResult.newBuilder().setPage(page).build();
        });
        Result r = runAgainstServer("events", "--queue", "pending", "--unit", "g1", "--order", "deadline");

        assertThat(r.exit()).isZero();
        assertThat(r.outLines()).hasSize(201);
        assertThat(r.outLines().get(0)).isEqualTo(
                "{\"id\":\"E1\",\"state\":\"SUBMITTED\",\"category\":\"民生服务/维修\",\"reporter\":\"r1\",\"overdue\":\"red\"}");
        assertThat(r.outLines().get(200)).isEqualTo(
                "{\"id\":\"E201\",\"state\":\"SUBMITTED\",\"category\":\"民生服务/维修\",\"reporter\":\"r201\",\"overdue\":\"\"}");
        List<EventCall> calls = server.eventCalls();
        assertThat(calls).extracting(c -> c.getList().getOffset()).containsExactly(0, 200);
        assertThat(calls).allSatisfy(c -> {
            assertThat(c.getList().getQueue()).isEqualTo(EventQueue.PENDING);
            assertThat(c.getList().getUnit()).isEqualTo("g1");
            assertThat(c.getList().getOrder()).isEqualTo(EventOrder.BY_DEADLINE);
            assertThat(c.getList().getLimit()).isEqualTo(200);
        });
    }

    @Test
    void anEmptyQueuePrintsNothing() {
        server.answerEvents(call -> EventResult.newBuilder().setPage(EventPage.getDefaultInstance()).build());
        Result r = runAgainstServer("events", "--queue", "overdue");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(server.eventCalls().get(0).getList().getOrder()).isEqualTo(EventOrder.NEWEST_FIRST);
    }

    @Test
    void eventPrintsTheTimelineWithUtcTimes() {
        server.answerEvents(call -> EventResult.newBuilder().setDetail(EventDetail.newBuilder()
                .setSummary(EventSummary.newBuilder().setId(call.getGet().getId()).setState("ACCEPTED"))
                .addTimeline(TimelineEntry.newBuilder().setState("SUBMITTED").setActor("r1").setAtMs(MARCH_1_10H_SHANGHAI))
                .addTimeline(TimelineEntry.newBuilder().setState("ACCEPTED").setActor("gw1").setAtMs(MARCH_1_10H_SHANGHAI + 90_500)
                        .setNote("已核实 \"属实\""))).build());
        Result r = runAgainstServer("event", "--id", "E5");

        assertThat(r.outLines()).containsExactly("{\"id\":\"E5\",\"state\":\"ACCEPTED\",\"timeline\":["
                + "{\"state\":\"SUBMITTED\",\"actor\":\"r1\",\"at\":\"2022-03-01T02:00:00Z\",\"note\":\"\"},"
                + "{\"state\":\"ACCEPTED\",\"actor\":\"gw1\",\"at\":\"2022-03-01T02:01:30.500Z\",\"note\":\"已核实 \\\"属实\\\"\"}]}");
    }

    @Test
    void eventPrintsAStepsPhotoOnlyWhereThereIsOne() {
        String photo = "/media/" + "ab".repeat(32);
        server.answerEvents(call -> EventResult.newBuilder().setDetail(EventDetail.newBuilder()
                .setSummary(EventSummary.newBuilder().setId(call.getGet().getId()).setState("RESOLVED"))
                .addTimeline(TimelineEntry.newBuilder().setState("IN_PROGRESS").setActor("gw1").setAtMs(MARCH_1_10H_SHANGHAI))
                .addTimeline(TimelineEntry.newBuilder().setState("RESOLVED").setActor("gw1").setAtMs(MARCH_1_10H_SHANGHAI + 1_000)
                        .setNote("已更换灯泡").setPhoto(photo))).build());
        Result r = runAgainstServer("event", "--id", "E7");

        assertThat(r.outLines()).containsExactly("{\"id\":\"E7\",\"state\":\"RESOLVED\",\"timeline\":["
                + "{\"state\":\"IN_PROGRESS\",\"actor\":\"gw1\",\"at\":\"2022-03-01T02:00:00Z\",\"note\":\"\"},"
                + "{\"state\":\"RESOLVED\",\"actor\":\"gw1\",\"at\":\"2022-03-01T02:00:01Z\",\"note\":\"已更换灯泡\","
                + "\"photo\":\"" + photo + "\"}]}");
    }

    @Test
    void transitionSendsTheUpperCasedStateAndPrintsIdAndState() {
        server.answerEvents(call -> ref(call.getTransition().getId(), call.getTransition().getTo()));
        Result r = runAgainstServer("transition", "--id", "E5", "--to", "dispatched", "--handler", "dept-city", "--note", "请处理",
                "--expected-version", "3");

        assertThat(r.outLines()).containsExactly("{\"id\":\"E5\",\"state\":\"DISPATCHED\"}");
        var t = server.eventCalls().get(0).getTransition();
        assertThat(t.getHandler()).isEqualTo("dept-city");
        assertThat(t.getNote()).isEqualTo("请处理");
        assertThat(t.getExpectedVersion()).isEqualTo(3);
        assertThat(t.getPhoto()).isEmpty();
    }

    @Test
    void aRefusedTransitionIsTheServersCodeOnStderr() {
        server.handler = req -> req.getBodyCase() == Envelope.BodyCase.EVENT_CALL
                ? FakeServer.error(ErrorCode.CONFLICT, "no edge CLOSED -> DISPATCHED") : null;
        Result r = runAgainstServer("transition", "--id", "E5", "--to", "DISPATCHED");

        assertThat(r.exit()).isEqualTo(Cli.EXIT_FAILED);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("{\"error\":\"CONFLICT\",\"message\":\"no edge CLOSED -> DISPATCHED\"}" + System.lineSeparator());
    }

    @Test
    void aReplyOfTheWrongKindIsUnexpectedReply() {
        server.answerEvents(call -> EventResult.newBuilder().setPage(EventPage.getDefaultInstance()).build());
        Result r = runAgainstServer("rate", "--id", "E5", "--score", "basic");

        assertThat(r.exit()).isEqualTo(Cli.EXIT_FAILED);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("{\"error\":\"UNEXPECTED_REPLY\",\"message\":\"expected EVENT but the server answered PAGE\"}"
                + System.lineSeparator());
    }

    @Test
    void rateAndFollowUpPrintIdAndState() {
        server.answerEvents(call -> ref("E5", "CLOSED"));
        assertThat(runAgainstServer("rate", "--id", "E5", "--score", "Satisfied", "--comment", "很快").outLines())
                .containsExactly("{\"id\":\"E5\",\"state\":\"CLOSED\"}");
        assertThat(runAgainstServer("follow-up", "--id", "E5", "--note", "电话回访, 满意").outLines())
                .containsExactly("{\"id\":\"E5\",\"state\":\"CLOSED\"}");

        List<EventCall> calls = server.eventCalls();
        assertThat(calls.get(0).getRate().getId()).isEqualTo("E5");
        assertThat(calls.get(0).getRate().getScore()).isEqualTo("satisfied");
        assertThat(calls.get(0).getRate().getComment()).isEqualTo("很快");
        assertThat(calls.get(1).getFollowUp().getId()).isEqualTo("E5");
        assertThat(calls.get(1).getFollowUp().getNote()).isEqualTo("电话回访, 满意");
    }

    // ------------------------------------------------------------------ stats

    /** 20 reported, 17 valid, 5 transferred, 12 closed, 11 on time, 0 rated: satisfaction has no denominator. */
    private static EventResult stats() {
        return EventResult.newBuilder().setStats(EventStats.newBuilder().setUnit("c1").setFrom("2022-01-01").setTo("2022-12-31")
                .setReported(20).setValid(17).setTransferred(5).setClosed(12).setClosedOnTime(11).setRated(0).setSatisfied(0)
                .setFollowedUp(3).setOverdue(2)).build();
    }

    @Test
    void statsComputesRatesWithFourDecimalsAndNullForAZeroDenominator() {
        server.answerEvents(call -> stats());
        Result r = runAgainstServer("stats", "--unit", "c1", "--from", "2022-01-01", "--to", "2022-12-31");

        assertThat(r.exit()).isZero();
        assertThat(r.outLines()).containsExactly("{\"unit\":\"c1\",\"from\":\"2022-01-01\",\"to\":\"2022-12-31\","
                + "\"reported\":20,\"valid\":17,\"transferred\":5,\"closed\":12,\"closedOnTime\":11,\"rated\":0,\"satisfied\":0,"
                + "\"followedUp\":3,\"overdue\":2,"
                + "\"rates\":{\"valid\":0.8500,\"transfer\":0.2941,\"closure\":0.7059,\"onTimeClosure\":0.9167,\"satisfaction\":null,"
                + "\"followUp\":0.2500}}");
        var query = server.eventCalls().get(0).getStats();
        assertThat(query.getUnit()).isEqualTo("c1");
        assertThat(query.getFrom()).isEqualTo("2022-01-01");
        assertThat(query.getTo()).isEqualTo("2022-12-31");
    }

    @Test
    void statsCsvIsAHeaderAndOneRowWithAnEmptyCellForNull() {
        server.answerEvents(call -> stats());
        Result r = runAgainstServer("stats", "--unit", "c1", "--csv");

        assertThat(r.outLines()).containsExactly(
                "unit,from,to,reported,valid,transferred,closed,closedOnTime,rated,satisfied,followedUp,overdue,"
                        + "rates.valid,rates.transfer,rates.closure,rates.onTimeClosure,rates.satisfaction,rates.followUp",
                "c1,2022-01-01,2022-12-31,20,17,5,12,11,0,0,3,2,0.8500,0.2941,0.7059,0.9167,,0.2500");
        var query = server.eventCalls().get(0).getStats();
        assertThat(query.getFrom()).isEmpty();
        assertThat(query.getTo()).isEmpty();
    }

    @Test
    void csvCellsWithCommasOrQuotesAreQuoted() {
        assertThat(StatsCommand.csvCell("c1")).isEqualTo("c1");
        assertThat(StatsCommand.csvCell("a,b")).isEqualTo("\"a,b\"");
        assertThat(StatsCommand.csvCell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    }

    @Test
    void ratesRoundHalfUpToFourDecimals() {
        assertThat(EventJson.rate(0, 0)).isEqualTo("null");
        assertThat(EventJson.rate(0, 7)).isEqualTo("0.0000");
        assertThat(EventJson.rate(7, 7)).isEqualTo("1.0000");
        assertThat(EventJson.rate(2, 3)).isEqualTo("0.6667");
        assertThat(EventJson.rate(1, 80_000)).isEqualTo("0.0000");
        assertThat(EventJson.rate(1, 20_000)).isEqualTo("0.0001");
    }

    // ------------------------------------------------------------------ consultations

    @Test
    void askPrintsTheFaqMatchesOnly() {
        server.answerEvents(call -> EventResult.newBuilder().setAsk(AskResult.newBuilder()
                .addMatches(FaqMatch.newBuilder().setId("f2").setQuestion("医保怎么缴费?").setAnswer("在浙里办缴费").setScore(0.83333))
                .addMatches(FaqMatch.newBuilder().setId("f5").setQuestion("社保卡补办").setAnswer("带身份证到社区").setScore(0.25))).build());
        Result r = runAgainstServer("ask", "--text", "医保缴费在哪里");

        assertThat(r.outLines()).containsExactly("{\"matches\":["
                + "{\"id\":\"f2\",\"question\":\"医保怎么缴费?\",\"answer\":\"在浙里办缴费\",\"score\":0.8333},"
                + "{\"id\":\"f5\",\"question\":\"社保卡补办\",\"answer\":\"带身份证到社区\",\"score\":0.2500}]}");
        var ask = server.eventCalls().get(0).getAsk();
        assertThat(ask.getText()).isEqualTo("医保缴费在哪里");
        assertThat(ask.getSend()).isFalse();
        assertThat(ask.getClientMsgId()).isEmpty();
    }

    @Test
    void askWithSendPrintsTheConversationAndSeq() {
        server.answerEvents(call -> EventResult.newBuilder().setAsk(AskResult.newBuilder()
                .setConversation(conversation(MARCH_1_10H_SHANGHAI + 60_000, false)).setSeq(4)).build());
        Result r = runAgainstServer("ask", "--text", "低保怎么申请", "--send", "--to", "s1");

        assertThat(r.outLines()).containsExactly("{\"matches\":[],\"conversation\":{\"id\":\"cv3\",\"resident\":\"r1\",\"staff\":\"s1\","
                + "\"community\":\"c1\",\"openedAt\":\"2022-03-01T02:00:00Z\",\"waitingSince\":\"2022-03-01T02:01:00Z\",\"overdue\":false},"
                + "\"seq\":4}");
        var ask = server.eventCalls().get(0).getAsk();
        assertThat(ask.getSend()).isTrue();
        assertThat(ask.getTo()).isEqualTo("s1");
        assertThat(ask.getClientMsgId()).matches(UUID_PATTERN);
    }

    @Test
    void chatSendPrintsTheConversationAndSeq() {
        server.answerEvents(call -> EventResult.newBuilder().setChat(ChatResult.newBuilder()
                .setConversation(conversation(0, false)).setSeq(5)).build());
        Result r = runAgainstServer("chat", "--conversation", "cv3", "--send", "可以,带户口本来", "--client-msg-id", "m-1");

        assertThat(r.outLines()).containsExactly("{\"conversation\":" + CONVERSATION_ANSWERED + ",\"seq\":5}");
        var chat = server.eventCalls().get(0).getChat();
        assertThat(chat.getConversation()).isEqualTo("cv3");
        assertThat(chat.getSend()).isEqualTo("可以,带户口本来");
        assertThat(chat.getClientMsgId()).isEqualTo("m-1");
        assertThat(chat.getHistory()).isFalse();
    }

    @Test
    void chatHistoryPagesAfterTheLastSeqAndPrintsTheReadReceipt() {
        server.answerEvents(call -> {
            long after = call.getChat().getAfterSeq();
            int count = after == 2 ? ChatCommand.PAGE_SIZE : 1;
            ChatResult.Builder page = ChatResult.newBuilder().setConversation(conversation(0, false)).setPeerRead(after == 2 ? 50 : 102);
            for (int i = 1; i <= count; i++) {
                page.addMessages(ChatMessage.newBuilder().setConversation("cv3").setSeq(after + i).setSender(i % 2 == 0 ? "s1" : "r1")
                        .setAtMs(MARCH_1_10H_SHANGHAI + (after + i) * 1000).setText("m" + (after + i)));
            }
            return EventResult.newBuilder().setChat(page).build();
        });
        Result r = runAgainstServer("chat", "--conversation", "cv3", "--history", "--after-seq", "2");

        assertThat(r.exit()).isZero();
        assertThat(r.outLines()).hasSize(1);
        String line = r.outLines().get(0);
        assertThat(line).startsWith("{\"conversation\":" + CONVERSATION_ANSWERED + ",\"peerRead\":102,\"messages\":["
                + "{\"seq\":3,\"sender\":\"r1\",\"at\":\"2022-03-01T02:00:03Z\",\"text\":\"m3\"},"
                + "{\"seq\":4,\"sender\":\"s1\",\"at\":\"2022-03-01T02:00:04Z\",\"text\":\"m4\"},");
        assertThat(line).endsWith("{\"seq\":103,\"sender\":\"r1\",\"at\":\"2022-03-01T02:01:43Z\",\"text\":\"m103\"}]}");
        assertThat(line.split("\"seq\":", -1)).hasSize(102);
        assertThat(server.eventCalls()).extracting(c -> c.getChat().getAfterSeq()).containsExactly(2L, 102L);
        assertThat(server.eventCalls()).allSatisfy(c -> {
            assertThat(c.getChat().getHistory()).isTrue();
            assertThat(c.getChat().getLimit()).isEqualTo(100);
        });
    }

    @Test
    void handoverAndConversationsPrintConversations() {
        server.answerEvents(call -> call.hasHandOver()
                ? EventResult.newBuilder().setConversation(conversation(0, false)).build()
                : EventResult.newBuilder().setConversations(ConversationList.newBuilder()
                        .addConversations(conversation(0, false)).addConversations(conversation(MARCH_1_10H_SHANGHAI, true))).build());

        assertThat(runAgainstServer("handover", "--conversation", "cv3", "--to", "s2").outLines()).containsExactly(CONVERSATION_ANSWERED);
        var handOver = server.eventCalls().get(0).getHandOver();
        assertThat(handOver.getConversation()).isEqualTo("cv3");
        assertThat(handOver.getTo()).isEqualTo("s2");

        assertThat(runAgainstServer("conversations").outLines()).containsExactly(CONVERSATION_ANSWERED,
                "{\"id\":\"cv3\",\"resident\":\"r1\",\"staff\":\"s1\",\"community\":\"c1\",\"openedAt\":\"2022-03-01T02:00:00Z\","
                        + "\"waitingSince\":\"2022-03-01T02:00:00Z\",\"overdue\":true}");
    }
}
