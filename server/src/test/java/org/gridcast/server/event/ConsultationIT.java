package org.gridcast.server.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridcast.seeds.events.StreetYearGenerator.communityStaff;
import static org.gridcast.seeds.events.StreetYearGenerator.gridWorker;
import static org.gridcast.seeds.events.StreetYearGenerator.leader;
import static org.gridcast.seeds.events.StreetYearGenerator.resident;

import java.time.Duration;
import java.util.List;
import org.gridcast.protocol.Ask;
import org.gridcast.protocol.AskResult;
import org.gridcast.protocol.Chat;
import org.gridcast.protocol.ChatMessage;
import org.gridcast.protocol.ChatResult;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.Faq;
import org.gridcast.protocol.FaqMatch;
import org.gridcast.protocol.HandOver;
import org.gridcast.protocol.ListConversations;
import org.gridcast.protocol.PutFaq;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ConsultationIT {
    static final String ALICE = resident(1, 1, 1, 0);
    static final String LEADER = leader(1, 1, 1);
    static final String GW = gridWorker(1, 1);
    static final String CS = communityStaff(1, 0);
    static final String OTHER_CS = communityStaff(2, 0);

    private EventFixture f;

    @BeforeEach
    void setUp() {
        f = new EventFixture();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void faqIsMatchedBeforeSendingAndTheQuestionCanStillBeSent() {
        putFaq(CS, "如何办理居住证？", "携带身份证和租房合同到社区流动人口服务站登记。", "居住证");
        putFaq(CS, "新生儿医保怎么参保？", "出生三个月内到便民服务中心办理。", "医保", "新生儿");
        assertThat(f.refusal(ALICE, EventCall.newBuilder().setPutFaq(PutFaq.newBuilder()
                .setFaq(Faq.newBuilder().setQuestion("q").setAnswer("a"))).build()).code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(f.refusal(OTHER_CS, EventCall.newBuilder().setPutFaq(PutFaq.newBuilder().setCommunity("qs-c01")
                .setFaq(Faq.newBuilder().setQuestion("q").setAnswer("a"))).build()).code()).isEqualTo(ErrorCode.FORBIDDEN);

        AskResult only = ask(ALICE, "居住证要去哪里办理？", false, "");
        assertThat(only.getMatchesList()).extracting(FaqMatch::getQuestion).first().isEqualTo("如何办理居住证？");
        assertThat(only.hasConversation()).isFalse();
        assertThat(f.await(f.redis.keys("cv:*"))).isEmpty();

        AskResult sent = ask(ALICE, "居住证要去哪里办理？我白天上班没空", true, "m1");
        assertThat(sent.getMatchesCount()).isPositive();
        assertThat(sent.getConversation().getStaff()).isEqualTo(LEADER); // the micro-grid leader by default
        assertThat(sent.getConversation().getCommunity()).isEqualTo("qs-c01");
        assertThat(sent.getSeq()).isEqualTo(1);
        // A retry with the same client id stores nothing twice; the next question continues the conversation.
        assertThat(ask(ALICE, "居住证要去哪里办理？我白天上班没空", true, "m1").getSeq()).isEqualTo(1);
        AskResult second = ask(ALICE, "周末可以办吗", true, "m2");
        assertThat(second.getConversation().getId()).isEqualTo(sent.getConversation().getId());
        assertThat(second.getSeq()).isEqualTo(2);
    }

    @Test
    void chatWithUnreadReceiptsAcrossTwoDevicesOverdueAndHandOver() {
        String id = ask(ALICE, "高龄补贴怎么申请", true, "q1").getConversation().getId();
        assertThat(f.await(f.log.parties(id))).containsExactlyInAnyOrder(ALICE, LEADER);
        // The leader has one unread message; nobody answered yet.
        assertThat(f.await(f.log.unread(id, LEADER))).isEqualTo(1);
        f.clock.advance(Duration.ofHours(25));
        assertThat(chat(LEADER, Chat.newBuilder().setConversation(id).setHistory(true)).getConversation().getOverdue()).isTrue();
        assertThat(listed(LEADER).get(0).getOverdue()).isTrue();

        ChatResult reply = chat(LEADER, Chat.newBuilder().setConversation(id).setSend("80周岁以上带户口本到社区申请").setClientMsgId("r1"));
        assertThat(reply.getSeq()).isEqualTo(2);
        assertThat(reply.getConversation().getOverdue()).isFalse();
        assertThat(reply.getConversation().getWaitingSinceMs()).isZero();

        // Alice's phone reads up to 2; her tablet then sees the same cursor, and the leader sees the receipt.
        assertThat(f.await(f.log.unread(id, ALICE))).isEqualTo(2);
        f.await(f.log.markRead(id, ALICE, 2));
        f.await(f.log.markRead(id, ALICE, 1)); // a late receipt from the other device never lowers it
        assertThat(f.await(f.log.unread(id, ALICE))).isZero();
        ChatResult history = chat(LEADER, Chat.newBuilder().setConversation(id).setHistory(true));
        assertThat(history.getPeerRead()).isEqualTo(2);
        assertThat(history.getMessagesList()).extracting(ChatMessage::getSeq, ChatMessage::getSender)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, ALICE), org.assertj.core.groups.Tuple.tuple(2L, LEADER));
        assertThat(chat(ALICE, Chat.newBuilder().setConversation(id).setHistory(true).setAfterSeq(1)).getMessagesList())
                .extracting(ChatMessage::getText).containsExactly("80周岁以上带户口本到社区申请");

        // Outsiders cannot read or write; only the staff party hands over, to staff whose scope covers Alice.
        assertThat(f.refusal(GW, chatCall(Chat.newBuilder().setConversation(id).setHistory(true))).code())
                .isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(f.refusal(ALICE, handOver(id, GW)).code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(f.refusal(LEADER, handOver(id, OTHER_CS)).code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(f.call(LEADER, handOver(id, CS)).getConversation().getStaff()).isEqualTo(CS);
        assertThat(f.await(f.log.parties(id))).containsExactlyInAnyOrder(ALICE, CS);
        assertThat(f.refusal(LEADER, chatCall(Chat.newBuilder().setConversation(id).setSend("还在吗"))).code())
                .isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(chat(CS, Chat.newBuilder().setConversation(id).setSend("我来跟进")).getSeq()).isEqualTo(4);
        assertThat(listed(ALICE)).extracting(c -> c.getStaff()).containsExactly(CS);
        assertThat(listed(LEADER)).isEmpty();
    }

    private void putFaq(String actor, String q, String a, String... keywords) {
        f.call(actor, EventCall.newBuilder().setPutFaq(PutFaq.newBuilder()
                .setFaq(Faq.newBuilder().setQuestion(q).setAnswer(a).addAllKeywords(List.of(keywords)))).build());
    }

    private AskResult ask(String actor, String text, boolean send, String clientMsgId) {
        return f.call(actor, EventCall.newBuilder().setAsk(Ask.newBuilder().setText(text).setSend(send)
                .setClientMsgId(clientMsgId)).build()).getAsk();
    }

    private ChatResult chat(String actor, Chat.Builder c) {
        return f.call(actor, chatCall(c)).getChat();
    }

    private static EventCall chatCall(Chat.Builder c) {
        return EventCall.newBuilder().setChat(c).build();
    }

    private static EventCall handOver(String id, String to) {
        return EventCall.newBuilder().setHandOver(HandOver.newBuilder().setConversation(id).setTo(to)).build();
    }

    private List<org.gridcast.protocol.ConversationInfo> listed(String actor) {
        return f.call(actor, EventCall.newBuilder().setConversations(ListConversations.getDefaultInstance()).build())
                .getConversations().getConversationsList();
    }
}
