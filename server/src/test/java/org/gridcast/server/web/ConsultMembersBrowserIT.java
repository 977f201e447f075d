package org.gridcast.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridcast.server.web.HanghailuServer.GRID_WORKER;
import static org.gridcast.server.web.HanghailuServer.LEADER;
import static org.gridcast.server.web.HanghailuServer.MICROGRID;
import static org.gridcast.server.web.HanghailuServer.OTHER_MICROGRID;
import static org.gridcast.server.web.HanghailuServer.WAIT_SECONDS;
import static org.gridcast.server.web.HanghailuServer.call;
import static org.gridcast.server.web.HanghailuServer.tap;
import static org.gridcast.server.web.HanghailuServer.go;
import static org.gridcast.server.web.HanghailuServer.resident;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gridcast.client.ClientOptions;
import org.gridcast.client.GridcastClient;
import org.gridcast.protocol.Ask;
import org.gridcast.protocol.ConversationInfo;
import org.gridcast.protocol.DirectoryPage;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.FaqMatch;
import org.gridcast.protocol.InviteRedeemed;
import org.gridcast.protocol.ListConversations;
import org.gridcast.protocol.LoginOk;
import org.gridcast.protocol.Member;
import org.gridcast.protocol.PresenceInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The 政策咨询 and 成员 screens against the real server: a resident's question shows the FAQ
 * answers the server matches, is sent to the micro-grid leader, who answers from the app, and the
 * answer appears on the resident's open chat; the leader's member list shows who is online as
 * GetPresence says, issues an invite that redeems into the micro-grid, and a move is done by the
 * grid worker and refused to the leader (with the refusal in Chinese).
 */
@Timeout(180)
class ConsultMembersBrowserIT {
    static final String RESIDENT = resident(1);
    /** The leader's name in the seeds: the resident's directory (their staff chain) names them. */
    static final String LEADER_NAME = "陈水芳";
    static final String QUESTION = "怎么办理居住证？";
    static final String ANSWER = "您好，请带身份证和租房合同到社区流动人口服务站登记。";

    @Test
    void aQuestionShowsTheFaqReachesTheLeaderAndTheAnswerComesBackLive() throws Exception {
        Browser.assumeInstalled();
        try (HanghailuServer server = HanghailuServer.start();
             GridcastClient residentPhone = server.client(RESIDENT, "java");
             Browser resident = Browser.start();
             Browser leader = Browser.start()) {
            List<String> expected = call(residentPhone, EventCall.newBuilder().setAsk(Ask.newBuilder().setText(QUESTION)))
                    .getAsk().getMatchesList().stream().map(FaqMatch::getId).toList();
            assertThat(expected).isNotEmpty().startsWith("residence");

            server.signIn(resident, RESIDENT, "h5-resident");
            go(resident, "#/consult");
            resident.testid("ask-text").sendKeys(QUESTION);
            resident.waitFor(d -> d.findElements(Browser.byTestid("faq-match")).size() == expected.size());
            assertThat(resident.all(Browser.byTestid("faq-match"))).extracting(e -> e.getAttribute("data-id"))
                    .containsExactlyElementsOf(expected);
            tap(resident, resident.all(Browser.byTestid("faq-question")).get(0));
            assertThat(resident.all(Browser.byTestid("faq-answer")).get(0).getText()).startsWith("携带身份证");
            resident.screenshot("consult");

            tap(resident, resident.testid("ask-send"));
            resident.waitFor(d -> ((String) resident.script("return location.hash")).startsWith("#/consult/"));
            String conversation = ((String) resident.script("return location.hash")).substring("#/consult/".length());
            resident.waitFor(d -> d.findElements(Browser.byTestid("chat-message")).size() == 1);
            ConversationInfo info = call(residentPhone, EventCall.newBuilder().setConversations(ListConversations.getDefaultInstance()))
                    .getConversations().getConversations(0);
            assertThat(info.getId()).isEqualTo(conversation);
            assertThat(info.getStaff()).isEqualTo(LEADER);

            server.signIn(leader, LEADER, "h5-leader");
            go(leader, "#/consult");
            tap(leader, leader.waitFor(d -> d.findElement(By.cssSelector("[data-testid=conversation][data-id='" + conversation + "'] a"))));
            leader.waitFor(d -> d.findElements(Browser.byTestid("chat-message")).size() == 1);
            assertThat(leader.all(Browser.byTestid("chat-message")).get(0).getText()).contains(QUESTION);
            leader.testid("chat-text").sendKeys(ANSWER);
            tap(leader, leader.testid("chat-send"));

            resident.waitFor(d -> d.findElements(Browser.byTestid("chat-message")).size() == 2);
            WebElement answer = resident.all(Browser.byTestid("chat-message")).get(1);
            assertThat(answer.getText()).contains(ANSWER).contains(LEADER_NAME);
            assertThat(answer.getAttribute("data-sender")).isEqualTo(LEADER);
            assertThat(answer.getAttribute("data-seq")).isEqualTo("2");
            resident.screenshot("consult-chat");
        }
    }

    @Test
    void theLeaderSeesWhoIsOnlineInvitesAndOnlyStaffAboveMove() throws Exception {
        Browser.assumeInstalled();
        try (HanghailuServer server = HanghailuServer.start();
             GridcastClient online = server.client(resident(1), "java");
             GridcastClient leaderPhone = server.client(LEADER, "java");
             Browser leader = Browser.start();
             Browser worker = Browser.start()) {
            server.signIn(leader, LEADER, "h5-leader");
            go(leader, "#/members");
            DirectoryPage first = leaderPhone.directory(MICROGRID, true, "", 100).get(WAIT_SECONDS, TimeUnit.SECONDS);
            List<String> ids = first.getMembersList().stream().map(Member::getId).toList();
            leader.waitFor(d -> d.findElements(Browser.byTestid("member")).size() == ids.size());
            assertThat(leader.all(Browser.byTestid("member"))).extracting(e -> e.getAttribute("data-id"))
                    .containsExactlyElementsOf(ids);

            PresenceInfo presence = leaderPhone.presence(MICROGRID, ids).get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(presence.getOnlineList()).contains(resident(1), LEADER).doesNotContain(resident(3));
            leader.waitFor(d -> String.valueOf(presence.getOnlineMembers())
                    .equals(d.findElement(Browser.byTestid("members-online")).getAttribute("data-count")));
            for (WebElement m : leader.all(Browser.byTestid("member"))) {
                boolean on = presence.getOnlineList().contains(m.getAttribute("data-id"));
                assertThat(m.getAttribute("data-online")).as(m.getAttribute("data-id")).isEqualTo(String.valueOf(on));
            }

            leader.testid("invite-name").sendKeys("李明");
            tap(leader, leader.testid("invite-submit"));
            String code = leader.testid("invite-code-value").getText();
            assertThat(code).isNotBlank();
            leader.screenshot("members");
            InviteRedeemed redeemed = GridcastClient.redeemInvite("127.0.0.1", server.tcpPort(), code,
                    "new-phone", "", ClientOptions.defaults()).get(WAIT_SECONDS, TimeUnit.SECONDS);
            try (GridcastClient newcomer = GridcastClient.builder().server("127.0.0.1", server.tcpPort())
                    .token(redeemed.getToken()).device("new-phone").build()) {
                LoginOk ok = newcomer.connect().get(WAIT_SECONDS, TimeUnit.SECONDS);
                assertThat(ok.getUnit()).isEqualTo(MICROGRID);
                assertThat(ok.getName()).isEqualTo("李明");
            }

            // A leader may only pull residents into their own micro-grid: moving one out is refused.
            leader.testid("move-member").sendKeys(resident(6));
            leader.testid("move-unit").sendKeys(OTHER_MICROGRID);
            tap(leader, leader.testid("move-submit"));
            leader.waitForText("move-status", "没有权限执行此操作");
            assertThat(unitOf(server, resident(6))).isEqualTo(MICROGRID);

            // The grid worker (scope: the grid) moves the resident to the neighbouring micro-grid.
            server.signIn(worker, GRID_WORKER, "h5-worker");
            go(worker, "#/members");
            worker.testid("member");
            worker.testid("move-member").sendKeys(resident(6));
            worker.testid("move-unit").sendKeys(OTHER_MICROGRID);
            tap(worker, worker.testid("move-submit"));
            worker.waitForText("move-status", "已将 " + resident(6) + " 调入 " + OTHER_MICROGRID);
            assertThat(unitOf(server, resident(6))).isEqualTo(OTHER_MICROGRID);
        }
    }

    /** The member's home unit as the directory gives it at login. */
    private static String unitOf(HanghailuServer server, String member) throws Exception {
        try (GridcastClient client = server.client(member, "check")) {
            return client.session().getUnit();
        }
    }
}
