package org.gridcast.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridcast.server.web.HanghailuServer.COMMUNITY;
import static org.gridcast.server.web.HanghailuServer.COMMUNITY_STAFF;
import static org.gridcast.server.web.HanghailuServer.GRID_WORKER;
import static org.gridcast.server.web.HanghailuServer.OTHER_GRID;
import static org.gridcast.server.web.HanghailuServer.SHOP_ALLIANCE;
import static org.gridcast.server.web.HanghailuServer.call;
import static org.gridcast.server.web.HanghailuServer.tap;
import static org.gridcast.server.web.HanghailuServer.resident;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridcast.client.GridcastClient;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.FollowUpEvent;
import org.gridcast.protocol.RateEvent;
import org.gridcast.protocol.ReportEvent;
import org.gridcast.protocol.TransitionEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * Issue 9, scenario (g): after events with known outcomes, the 驾驶舱's six rates and the counts
 * under them equal what the CLI's {@code stats} prints for the same unit and period, digit for
 * digit (4 decimals, half up; "null" when a denominator is 0), and both equal the outcomes.
 */
@Timeout(180)
class DashboardBrowserIT {
    static final ZoneId SERVER_ZONE = ZoneId.of("Asia/Shanghai");
    static final List<String> RATES = List.of("valid", "transfer", "closure", "onTimeClosure", "satisfaction", "followUp");
    static final List<String> COUNTS = List.of("reported", "valid", "transferred", "closed", "closedOnTime", "rated",
            "satisfied", "followedUp", "overdue");

    @Test
    void theSixRatesEqualTheCliStatsForTheSameUnitAndPeriod() throws Exception {
        Browser.assumeInstalled();
        try (HanghailuServer server = HanghailuServer.start();
             GridcastClient r1 = server.client(resident(1), "java");
             GridcastClient r2 = server.client(resident(2), "java");
             GridcastClient r3 = server.client(resident(3), "java");
             GridcastClient worker = server.client(GRID_WORKER, "java");
             GridcastClient staff = server.client(COMMUNITY_STAFF, "java");
             Browser browser = Browser.start()) {
            // A: handled in the grid, closed, rated satisfied, followed up.
            String a = report(r1, "市政设施/路灯损坏", "a");
            move(worker, a, "ACCEPTED", "");
            move(worker, a, "IN_PROGRESS", "");
            move(worker, a, "RESOLVED", "");
            move(worker, a, "CLOSED", "");
            call(r1, EventCall.newBuilder().setRate(RateEvent.newBuilder().setId(a).setScore("satisfied")));
            call(worker, EventCall.newBuilder().setFollowUp(FollowUpEvent.newBuilder().setId(a).setNote("电话回访，已修好")));
            // B: invalid. C: accepted and dispatched to the shop alliance. D: not taken yet. E: accepted.
            move(worker, report(r2, "城市管理/乱堆乱放", "b"), "INVALID", "");
            String c = report(r3, "民生服务/家电维修", "c");
            move(worker, c, "ACCEPTED", "");
            move(staff, c, "DISPATCHED", SHOP_ALLIANCE);
            report(r1, "环境卫生/垃圾清运", "d");
            move(worker, report(r2, "矛盾纠纷/邻里纠纷", "e"), "ACCEPTED", "");

            String today = LocalDate.now(SERVER_ZONE).toString();
            Map<String, String> cli = stats(server.cli(COMMUNITY_STAFF, "stats", "--unit", COMMUNITY, "--from", today, "--to", today));
            // The outcomes above: 5 reported, 3 valid (A, C, E), 1 transferred (C), 1 closed on time (A),
            // 1 rated satisfied (A), 1 followed up (A).
            assertThat(cli).containsEntry("reported", "5").containsEntry("valid", "3").containsEntry("transferred", "1")
                    .containsEntry("closed", "1").containsEntry("closedOnTime", "1").containsEntry("rated", "1")
                    .containsEntry("satisfied", "1").containsEntry("followedUp", "1").containsEntry("overdue", "0")
                    .containsEntry("rates.valid", "0.6000").containsEntry("rates.transfer", "0.3333")
                    .containsEntry("rates.closure", "0.3333").containsEntry("rates.onTimeClosure", "1.0000")
                    .containsEntry("rates.satisfaction", "1.0000").containsEntry("rates.followUp", "1.0000");

            server.signIn(browser, COMMUNITY_STAFF, "h5-staff");
            HanghailuServer.go(browser, "#/dashboard");
            // the screen asks once on its own (home unit, server's default period); let it answer
            browser.waitFor(d -> d.findElement(By.cssSelector("[data-testid=rates][data-query='" + COMMUNITY + "||']")));
            query(browser, COMMUNITY, today, today);
            assertThat(shown(browser)).isEqualTo(cli);
            assertThat(browser.text("rate-valid")).isEqualTo("60.00%");
            assertThat(browser.text("rate-transfer")).isEqualTo("33.33%");
            assertThat(browser.all(By.cssSelector("[data-testid=rates-chart] canvas"))).hasSize(1);
            browser.screenshot("dashboard");

            // A grid with no events: every rate has a zero denominator, null in both.
            Map<String, String> empty = stats(server.cli(COMMUNITY_STAFF, "stats", "--unit", OTHER_GRID, "--from", today, "--to", today));
            assertThat(empty).containsEntry("reported", "0").containsEntry("rates.valid", "null");
            query(browser, OTHER_GRID, today, today);
            assertThat(shown(browser)).isEqualTo(empty);
            assertThat(browser.text("rate-valid")).isEqualTo("—");

            // The server's default period (no dates: the last 366 days), as the CLI without dates.
            Map<String, String> year = stats(server.cli(COMMUNITY_STAFF, "stats", "--unit", COMMUNITY));
            query(browser, COMMUNITY, "", "");
            assertThat(shown(browser)).isEqualTo(year);
        }
    }

    private static String report(GridcastClient resident, String category, String clientId) throws Exception {
        return call(resident, EventCall.newBuilder().setReport(ReportEvent.newBuilder().setCategory(category)
                .setText("测试事件 " + clientId).setClientReportId(clientId))).getEvent().getId();
    }

    private static void move(GridcastClient actor, String id, String to, String handler) throws Exception {
        String state = call(actor, EventCall.newBuilder().setTransition(TransitionEvent.newBuilder().setId(id).setTo(to)
                .setHandler(handler))).getEvent().getState();
        assertThat(state).isEqualTo(to);
    }

    /** Picks the unit and period, asks, and waits until the table answers that very question. */
    private static void query(Browser browser, String unit, String from, String to) {
        new Select(browser.testid("stats-unit")).selectByValue(unit);
        browser.script("arguments[0].value = arguments[2]; arguments[1].value = arguments[3];",
                browser.testid("stats-from"), browser.testid("stats-to"), from, to);
        tap(browser, browser.testid("stats-submit"));
        browser.waitFor(d -> d.findElement(By.cssSelector(
                "[data-testid=rates][data-query='" + unit + "|" + from + "|" + to + "']")));
    }

    /** What the dashboard shows, keyed as the CLI's JSON: counts by name, rates as rates.<name>. */
    private static Map<String, String> shown(Browser browser) {
        Map<String, String> shown = new LinkedHashMap<>();
        for (String count : COUNTS) {
            shown.put(count, browser.text("count-" + count));
        }
        for (String rate : RATES) {
            shown.put("rates." + rate, browser.testid("rate-" + rate).getAttribute("data-value"));
        }
        return shown;
    }

    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(null|-?[0-9.]+)");

    /** The numeric fields of the CLI's stats line: counts by name, the rates object's as rates.<name>. */
    static Map<String, String> stats(String json) {
        int rates = json.indexOf("\"rates\":{");
        assertThat(rates).as("rates in %s", json).isPositive();
        Map<String, String> out = new LinkedHashMap<>();
        Matcher counts = FIELD.matcher(json.substring(0, rates));
        while (counts.find()) {
            out.put(counts.group(1), counts.group(2));
        }
        Matcher values = FIELD.matcher(json.substring(rates));
        while (values.find()) {
            out.put("rates." + values.group(1), values.group(2));
        }
        assertThat(out.keySet()).hasSize(COUNTS.size() + RATES.size());
        return out;
    }
}
