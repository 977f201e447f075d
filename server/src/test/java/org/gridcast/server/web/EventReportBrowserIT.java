package org.gridcast.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridcast.server.web.HanghailuServer.GRID_WORKER;
import static org.gridcast.server.web.HanghailuServer.accessible;
import static org.gridcast.server.web.HanghailuServer.call;
import static org.gridcast.server.web.HanghailuServer.tap;
import static org.gridcast.server.web.HanghailuServer.resident;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.imageio.ImageIO;
import org.gridcast.client.GridcastClient;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.EventDetail;
import org.gridcast.protocol.GetEvent;
import org.gridcast.protocol.TimelineEntry;
import org.gridcast.protocol.TransitionEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Issue 9, scenario (f): a resident of 航海路 reports a broken street light with a photo from the
 * app (the file input gets a real PNG made here), the grid worker accepts it in the queue screen
 * of a second browser, and the resident's open event page shows the acceptance in its timeline
 * without a reload; the worker takes it on (格内办理) and resolves it (回单) in the queue with a
 * photo of the repaired lamp uploaded from that step, which then shows in the resident's open
 * timeline; once the worker closes it the reporter rates it (评价) on that page; both photos are
 * served to those who may see the event, and only with a token.
 */
@Timeout(180)
class EventReportBrowserIT {
    static final String RESIDENT = resident(1);
    /** A neighbour in the same micro-grid: may not see the event, so may not fetch its photo. */
    static final String NEIGHBOUR = resident(2);
    static final int PHOTO_WIDTH = 37;
    static final int PHOTO_HEIGHT = 23;
    /** The 回单 photo's size: other bytes, and the page shows which one it loaded. */
    static final int RESOLVED_WIDTH = 41;
    static final int RESOLVED_HEIGHT = 29;

    @Test
    void aReportWithAPhotoIsAcceptedInTheQueueAndTheReporterSeesItInTheTimeline() throws Exception {
        Browser.assumeInstalled();
        byte[] png = png(PHOTO_WIDTH, PHOTO_HEIGHT, false);
        Path photo = Files.createTempFile("street-light", ".png");
        Files.write(photo, png);
        String media = "/media/" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png));
        byte[] repairedPng = png(RESOLVED_WIDTH, RESOLVED_HEIGHT, true);
        Path repaired = Files.createTempFile("street-light-repaired", ".png");
        Files.write(repaired, repairedPng);
        String repairedMedia = "/media/" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(repairedPng));

        try (HanghailuServer server = HanghailuServer.start();
             GridcastClient residentPhone = server.client(RESIDENT, "java");
             Browser resident = Browser.start();
             Browser worker = Browser.start()) {
            server.signIn(resident, RESIDENT, "h5-resident");
            HanghailuServer.go(resident, "#/events");
            new Select(resident.testid("report-category")).selectByValue("市政设施/路灯损坏");
            resident.testid("report-text").sendKeys("航海路12号门口路灯不亮，晚上很黑。");
            resident.testid("report-address").sendKeys("航海路12号");
            resident.testid("report-photo").sendKeys(photo.toString());
            WebElement preview = resident.waitFor(d -> d.findElement(By.cssSelector("[data-testid=report-preview][data-url]")));
            assertThat(preview.getAttribute("data-url")).isEqualTo(media);
            assertThat(preview.findElement(By.tagName("img")).getAttribute("src")).startsWith("blob:");
            resident.screenshot("events-report");
            accessible(resident);
            tap(resident, resident.testid("report-submit"));

            // the list is drawn again on the reply and on the event's inbox update: read it by script
            String id = (String) resident.waitFor(d -> resident.script(
                    "const e = document.querySelector('[data-testid=my-events] [data-testid=event]'); return e && e.dataset.id"));
            assertThat(resident.script("return document.querySelectorAll('[data-testid=my-events] [data-testid=event]').length"))
                    .isEqualTo(1L);
            assertThat(resident.script("return document.querySelector('[data-testid=my-events] [data-testid=event]').dataset.state"))
                    .isEqualTo("SUBMITTED");
            EventDetail stored = detail(residentPhone, id);
            assertThat(stored.getSummary().getState()).isEqualTo("SUBMITTED");
            assertThat(stored.getSummary().getCategory()).isEqualTo("市政设施/路灯损坏");
            assertThat(stored.getText()).isEqualTo("航海路12号门口路灯不亮，晚上很黑。");
            assertThat(stored.getLocation().getAddress()).isEqualTo("航海路12号");
            assertThat(stored.getAttachmentsList()).hasSize(1);
            assertThat(mediaPath(stored.getAttachments(0))).isEqualTo(media);
            resident.screenshot("events");
            accessible(resident);

            // The reporter keeps the event page open while the grid worker works on another phone.
            HanghailuServer.go(resident, "#/events/" + id);
            resident.waitFor(d -> d.findElements(Browser.byTestid("timeline-entry")).size() == 1);
            WebElement img = resident.testid("event-photo-img");
            resident.waitFor(d -> ((Number) resident.script("return arguments[0].naturalWidth", img)).intValue() == PHOTO_WIDTH);
            assertThat(img.getAttribute("src")).startsWith("blob:");

            server.signIn(worker, GRID_WORKER, "h5-worker");
            HanghailuServer.go(worker, "#/queue");
            By queued = By.cssSelector("[data-testid=event][data-id='" + id + "']");
            // The queue may redraw (cache first, then the server's answer): every read finds the item afresh.
            List<String> offered = worker.waitFor(d -> d.findElement(queued).findElements(Browser.byTestid("transition"))
                    .stream().map(b -> b.getAttribute("data-to")).toList());
            assertThat(offered).containsExactly("ACCEPTED", "INVALID");
            assertThat(worker.text("queue-count-pending")).isEqualTo("1");
            worker.screenshot("queue");
            accessible(worker);
            worker.waitFor(d -> {
                tap(worker, d.findElement(queued).findElement(By.cssSelector("[data-testid=transition][data-to=ACCEPTED]")));
                return true;
            });
            worker.testid("transition-note").sendKeys("已安排维修");
            tap(worker, worker.testid("transition-confirm"));
            worker.waitFor(d -> d.findElements(By.cssSelector("[data-testid=event][data-id='" + id + "']")).isEmpty());
            worker.waitForText("queue-count-active", "1");
            assertThat(worker.text("queue-count-pending")).isEqualTo("0");

            // The resident's page follows the inbox's event update, no reload.
            resident.waitFor(d -> d.findElements(Browser.byTestid("timeline-entry")).size() == 2);
            List<WebElement> entries = resident.all(Browser.byTestid("timeline-entry"));
            assertThat(entries).extracting(e -> e.getAttribute("data-state")).containsExactly("SUBMITTED", "ACCEPTED");
            assertThat(entries).extracting(e -> e.getAttribute("data-actor")).containsExactly(RESIDENT, GRID_WORKER);
            assertThat(entries.get(1).findElement(Browser.byTestid("timeline-note")).getText()).isEqualTo("已安排维修");
            assertThat(resident.text("event-state")).isEqualTo("已受理");
            resident.screenshot("event-detail");
            accessible(resident);

            EventDetail accepted = detail(residentPhone, id);
            assertThat(accepted.getTimelineList()).extracting(TimelineEntry::getState).containsExactly("SUBMITTED", "ACCEPTED");
            assertThat(accepted.getTimelineList()).extracting(TimelineEntry::getActor).containsExactly(RESIDENT, GRID_WORKER);

            // In 办理中 the worker takes it on (格内办理), then resolves it (回单) with a photo taken on the spot.
            tap(worker, worker.testid("queue-active"));
            worker.waitFor(d -> {
                tap(worker, d.findElement(queued).findElement(By.cssSelector("[data-testid=transition][data-to=IN_PROGRESS]")));
                return true;
            });
            tap(worker, worker.testid("transition-confirm"));
            List<String> handling = worker.waitFor(d -> {
                List<String> to = d.findElement(queued).findElements(Browser.byTestid("transition")).stream()
                        .map(b -> b.getAttribute("data-to")).toList();
                return to.contains("RESOLVED") ? to : null;
            });
            assertThat(handling).containsExactly("ESCALATED", "RESOLVED");
            worker.waitFor(d -> {
                tap(worker, d.findElement(queued).findElement(By.cssSelector("[data-testid=transition][data-to=RESOLVED]")));
                return true;
            });
            worker.testid("transition-note").sendKeys("已更换灯泡");
            worker.testid("transition-photo").sendKeys(repaired.toString());
            WebElement stepPreview = worker.waitFor(d ->
                    d.findElement(By.cssSelector("[data-testid=transition-photo-preview][data-url]")));
            assertThat(stepPreview.getAttribute("data-url")).isEqualTo(repairedMedia);
            assertThat(stepPreview.findElement(By.tagName("img")).getAttribute("src")).startsWith("blob:");
            worker.screenshot("queue-resolve");
            accessible(worker);
            tap(worker, worker.testid("transition-confirm"));
            worker.waitFor(d -> "RESOLVED".equals(d.findElement(queued).getAttribute("data-state")));

            // The resident's open page shows the 回单 with its photo, fetched with the resident's token.
            resident.waitFor(d -> d.findElements(Browser.byTestid("timeline-entry")).size() == 4);
            WebElement resolvedStep = resident.all(Browser.byTestid("timeline-entry")).get(3);
            assertThat(resolvedStep.getAttribute("data-state")).isEqualTo("RESOLVED");
            assertThat(resolvedStep.getAttribute("data-actor")).isEqualTo(GRID_WORKER);
            assertThat(resolvedStep.findElement(Browser.byTestid("timeline-note")).getText()).isEqualTo("已更换灯泡");
            assertThat(resolvedStep.findElement(Browser.byTestid("timeline-photo")).getAttribute("data-src"))
                    .isEqualTo(repairedMedia);
            WebElement repairedImg = resident.waitFor(d -> d.findElement(Browser.byTestid("timeline-photo-img")));
            resident.waitFor(d -> ((Number) resident.script("return arguments[0].naturalWidth", repairedImg)).intValue()
                    == RESOLVED_WIDTH);
            assertThat(((Number) resident.script("return arguments[0].naturalHeight", repairedImg)).intValue())
                    .isEqualTo(RESOLVED_HEIGHT);
            assertThat(repairedImg.getAttribute("src")).startsWith("blob:");
            assertThat(resident.all(Browser.byTestid("timeline-photo"))).hasSize(1);
            assertThat(resident.text("event-state")).isEqualTo("已回单");
            resident.script("arguments[0].scrollIntoView({block: 'center'})", repairedImg);
            resident.screenshot("event-resolved");
            accessible(resident);
            EventDetail resolved = detail(residentPhone, id);
            assertThat(resolved.getTimelineList()).extracting(TimelineEntry::getPhoto)
                    .containsExactly("", "", "", repairedMedia);
            assertThat(resolved.getTimeline(3).getNote()).isEqualTo("已更换灯泡");

            // The grid worker closes it on their own phone; the reporter's open page offers 评价.
            try (GridcastClient workerPhone = server.client(GRID_WORKER, "java")) {
                call(workerPhone, EventCall.newBuilder().setTransition(TransitionEvent.newBuilder().setId(id).setTo("CLOSED")));
            }
            resident.waitFor(d -> d.findElements(Browser.byTestid("timeline-entry")).size() == 5);
            tap(resident, resident.testid("rate-basic"));
            resident.testid("rate-comment").sendKeys("修好了，就是慢了点");
            tap(resident, resident.testid("rate-submit"));
            WebElement rating = resident.testid("event-rating");
            assertThat(rating.getAttribute("data-score")).isEqualTo("basic");
            assertThat(rating.getText()).isEqualTo("评价：基本满意（修好了，就是慢了点）");
            EventDetail rated = detail(residentPhone, id);
            assertThat(rated.getRating()).isEqualTo("basic");
            assertThat(rated.getRatingComment()).isEqualTo("修好了，就是慢了点");
            resident.screenshot("event-rated");
            accessible(resident);

            // The photo: only with a token, and only to those who may see the event.
            HttpResponse<byte[]> anonymous = server.get(media, null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(new String(anonymous.body(), StandardCharsets.UTF_8)).startsWith("{\"error\":\"UNAUTHENTICATED\"");
            HttpResponse<byte[]> neighbour = server.get(media, server.token(NEIGHBOUR, "phone"));
            assertThat(neighbour.statusCode()).isEqualTo(403);
            assertThat(new String(neighbour.body(), StandardCharsets.UTF_8)).startsWith("{\"error\":\"FORBIDDEN\"");
            HttpResponse<byte[]> owner = server.get(media, server.token(RESIDENT, "phone"));
            assertThat(owner.statusCode()).isEqualTo(200);
            assertThat(owner.body()).isEqualTo(png);
            HttpResponse<byte[]> staff = server.get(media, server.token(GRID_WORKER, "phone"));
            assertThat(staff.statusCode()).isEqualTo(200);
            assertThat(staff.body()).isEqualTo(png);
            // The 回单 photo: the worker's upload, now the reporter's to see too, not the neighbour's.
            HttpResponse<byte[]> reporterSeesRepair = server.get(repairedMedia, server.token(RESIDENT, "phone"));
            assertThat(reporterSeesRepair.statusCode()).isEqualTo(200);
            assertThat(reporterSeesRepair.body()).isEqualTo(repairedPng);
            assertThat(server.get(repairedMedia, server.token(NEIGHBOUR, "phone")).statusCode()).isEqualTo(403);
            assertThat(server.get(repairedMedia, null).statusCode()).isEqualTo(401);
        } finally {
            Files.deleteIfExists(photo);
            Files.deleteIfExists(repaired);
        }
    }

    /** The path of an attachment URL, whether the server keeps it relative or made absolute. */
    private static String mediaPath(String url) {
        return java.net.URI.create(url).getPath();
    }

    private static EventDetail detail(GridcastClient client, String id) throws Exception {
        return call(client, EventCall.newBuilder().setGet(GetEvent.newBuilder().setId(id))).getDetail();
    }

    /** A real PNG: a dark street with one lamp, yellow when broken, white and larger when repaired. */
    static byte[] png(int width, int height, boolean repaired) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                boolean lamp = Math.hypot(x - 18, y - 6) < (repaired ? 7 : 4);
                Color light = repaired ? Color.WHITE : Color.YELLOW;
                image.setRGB(x, y, (lamp ? light : new Color(20, 24, 40 + y)).getRGB());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
