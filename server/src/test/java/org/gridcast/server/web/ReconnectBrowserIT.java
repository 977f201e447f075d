package org.gridcast.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridcast.server.web.Browser.byTestid;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.gridcast.client.GridcastClient;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.protocol.NoticePosted;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Issue 9: "the server restarts while the page is open → the page shows offline, reconnects, and a
 * notice posted meanwhile appears once". The node stops and starts again on the same ports with
 * the same Redis and data dir; the page is never reloaded.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReconnectBrowserIT {
    private static final String CHANNEL = "u:" + AppServer.MICROGRID;
    /** What chromium itself logs for each refused WebSocket while the node is down. */
    private static final Pattern REFUSED = Pattern.compile("WebSocket connection to 'ws://127\\.0\\.0\\.1:\\d+/ws' failed");

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
    void aRestartShowsOfflineThenOnlineAndTheNoticePostedMeanwhileAppearsOnce() throws Exception {
        String resident = AppServer.resident(5);
        try (Browser phone = Browser.start()) {
            phone.expectConsoleError(REFUSED);
            phone.get(server.link(resident, "phone"));
            phone.waitForText("connection", "online");
            post(1);
            phone.waitFor(d -> d.findElement(notice(1)));
            phone.waitForText("unread-total", "1");

            server.stop();
            phone.waitFor(Duration.ofSeconds(10), d -> d.findElement(byTestid("connection")).getText().equals("offline"));
            phone.screenshot("offline");
            server.startAgain();
            NoticePosted second = post(2);
            assertThat(second.getSeq()).isEqualTo(2);
            String stateAtPost = phone.text("connection");

            // The backoff is at most 8 s after the failed attempts; the page reconnects on its own.
            phone.waitFor(Duration.ofSeconds(20), d -> d.findElement(byTestid("connection")).getText().equals("online"));
            phone.waitFor(d -> d.findElement(notice(2)));
            phone.waitForText("unread-total", "2");
            // Let any late push or second sync land: still one element per notice.
            Thread.sleep(1500);
            List<WebElement> items = phone.all(byTestid("notice"));
            assertThat(items).as("page state when notice 2 was posted: %s", stateAtPost).hasSize(2);
            assertThat(phone.all(notice(2))).hasSize(1);
            assertThat(phone.all(notice(1))).hasSize(1);
            try (GridcastClient other = server.client(resident, "java")) {
                assertThat(other.unread().get(AppServer.WAIT_SECONDS, TimeUnit.SECONDS).getTotal()).isEqualTo(2);
            }
        }
    }

    @Test
    void aPageShownAgainReplacesAWrongBadgeWithTheServersExactCount() throws Exception {
        String resident = AppServer.resident(6);
        try (Browser phone = Browser.start()) {
            phone.get(server.link(resident, "phone"));
            phone.waitForText("connection", "online");
            post(1);
            phone.waitForText("unread-total", "1");
            // Make the page's own count wrong, as a push lost on a flaky network would: 5 more.
            phone.script("const c = window.gridcast.conn.primary;"
                    + "c.channels.get(arguments[0]).head += 5; c.emit('unread', c.unread());", CHANNEL);
            phone.waitForText("unread-total", "6");

            // The phone's screen comes back on: the page asks the server again.
            phone.script("Object.defineProperty(document, 'visibilityState', {value: 'visible', configurable: true});"
                    + "document.dispatchEvent(new Event('visibilitychange'));");
            try (GridcastClient other = server.client(resident, "java")) {
                long exact = other.unread().get(AppServer.WAIT_SECONDS, TimeUnit.SECONDS).getTotal();
                assertThat(exact).isEqualTo(1);
                phone.waitForText("unread-total", String.valueOf(exact));
            }
            assertThat(phone.all(byTestid("notice"))).hasSize(1);
        }
    }

    private NoticePosted post(int n) throws Exception {
        try (GridcastClient leader = server.client(AppServer.LEADER, "java-" + n)) {
            return leader.postToUnit(AppServer.MICROGRID, NoticeBody.newBuilder().setTitle("重启测试 " + n)
                    .setText("第 " + n + " 条").build(), "restart-" + n).get(AppServer.WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static By notice(long seq) {
        return By.cssSelector("[data-testid=notice][data-channel='" + CHANNEL + "'][data-seq='" + seq + "']");
    }
}
