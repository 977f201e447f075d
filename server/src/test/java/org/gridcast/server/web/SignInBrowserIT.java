package org.gridcast.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gridcast.client.GridcastClient;
import org.gridcast.protocol.InviteIssued;
import org.gridcast.protocol.IssueInvite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** 登录 with an invite code: the device redeems it over /ws and is signed in as the new resident. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SignInBrowserIT {
    private AppServer server;

    @BeforeEach
    void start() throws Exception {
        Browser.assumeInstalled();
        server = AppServer.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anInviteCodeSignsTheDeviceInAsAResidentOfTheMicrogrid() throws Exception {
        InviteIssued invite;
        try (GridcastClient leader = server.client(AppServer.LEADER, "java")) {
            invite = leader.issueInvite(IssueInvite.newBuilder().setUnit(AppServer.MICROGRID).build())
                    .get(AppServer.WAIT_SECONDS, TimeUnit.SECONDS);
        }
        try (Browser phone = Browser.start()) {
            phone.get(server.url());
            phone.testid("invite-code").sendKeys("WRONG-CODE");
            phone.testid("invite-name").sendKeys("王小明");
            phone.assertFieldsLabelled();
            phone.assertTouchTargets(44);
            phone.screenshot("signin");
            phone.testid("invite-submit").click();
            phone.waitForText("signin-status", "邀请码无效、已使用或已过期");

            phone.testid("invite-code").clear();
            phone.testid("invite-code").sendKeys(invite.getCode());
            phone.testid("invite-submit").click();
            phone.waitForText("connection", "online");
            phone.waitForText("unread-total", "0");
            @SuppressWarnings("unchecked")
            Map<String, Object> me = (Map<String, Object>) phone.script("return window.gridcast.me;");
            assertThat(me).containsEntry("role", "RESIDENT").containsEntry("unit", AppServer.MICROGRID)
                    .containsEntry("name", "王小明");
            assertThat((String) me.get("member")).isNotEmpty();
        }
    }

    @Test
    void aRevokedDeviceIsSentBackToSignInAndForgetsItsToken() throws Exception {
        String resident = AppServer.resident(6);
        try (Browser phone = Browser.start(); GridcastClient operator = server.client("operator", "java")) {
            phone.get(server.link(resident, "phone"));
            phone.waitForText("connection", "online");
            operator.revoke(resident, "phone").get(AppServer.WAIT_SECONDS, TimeUnit.SECONDS);

            // Revocation reaches every node within 5 s (docs/PROTOCOL.md), then the page signs out.
            phone.waitFor(Duration.ofSeconds(10), d -> d.getCurrentUrl().endsWith("#/signin"));
            phone.testid("invite-code");
            assertThat(phone.text("connection")).isEqualTo("offline");
            assertThat(phone.script("return window.gridcast.token;")).isNull();
            Object stored = phone.asyncScript("const done = arguments[arguments.length - 1];"
                    + "window.gridcast.store.get('token').then((t) => done(t === undefined ? 'none' : t));");
            assertThat(stored).isEqualTo("none");
        }
    }
}
