package org.gridcast.server.event;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import org.gridcast.seeds.events.SeedEvent;
import org.gridcast.seeds.events.SeedStep;
import org.gridcast.server.event.deadline.DeadlinePolicy;

/**
 * Loads finished histories (the generated year, or a migration) into the store: each event's
 * steps are folded into its final fields and timeline and written by the same creation script as
 * a report, so queues, flags and stats counters are kept exactly as for live events.
 */
public final class EventImporter {
    /** Scripts in flight at once: enough to keep the pipeline full, bounded memory. */
    public static final int IN_FLIGHT = 512;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final EventStore store;
    private final EventDirectory directory;
    private final DeadlinePolicy deadlines;
    private final ZoneId zone;

    public EventImporter(EventStore store, EventDirectory directory, DeadlinePolicy deadlines, ZoneId zone) {
        this.store = store;
        this.directory = directory;
        this.deadlines = deadlines;
        this.zone = zone;
    }

    /** Imports every event as seen at {@code asOfMs} (open events are flagged against that time). */
    public CompletionStage<Integer> importAll(List<SeedEvent> events, long asOfMs) {
        Semaphore window = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<?>> all = new ArrayList<>(events.size());
        for (SeedEvent e : events) {
            window.acquireUninterruptibly();
            CompletableFuture<?> f = store.create("", e.id(), timeline(e), fields(e, asOfMs)).toCompletableFuture();
            f.whenComplete((r, err) -> window.release());
            all.add(f);
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> events.size());
    }

    static List<String> timeline(SeedEvent e) {
        List<String> tl = new ArrayList<>();
        tl.add(TimelineCodec.encode("SUBMITTED", e.reporter(), e.reportedAtMs(), ""));
        long last = e.reportedAtMs();
        for (SeedStep s : e.steps()) {
            tl.add(TimelineCodec.encode(s.state(), s.actor(), s.atMs(), s.handler().isEmpty() ? s.note() : (s.note() + " → " + s.handler()).trim()));
            last = s.atMs();
        }
        if (!e.rating().isEmpty()) {
            tl.add(TimelineCodec.encode("CLOSED", e.reporter(), last, ("rated:" + e.rating() + " " + e.ratingComment()).trim()));
        }
        for (int i = 0; i < e.followUps(); i++) {
            tl.add(TimelineCodec.encode("CLOSED", "system", last, "followup"));
        }
        return tl;
    }

    Map<String, String> fields(SeedEvent e, long asOf) {
        long created = e.reportedAtMs();
        long acceptDue = created + deadlines.acceptMillis(e.category(), e.urgent());
        long acceptYellow = deadlines.yellowAt(created, acceptDue);
        long resolveLimit = deadlines.resolveMillis(e.category(), e.urgent());
        long acceptEnd = e.steps().isEmpty() ? asOf : e.steps().get(0).atMs();
        long acceptedAt = 0, resolveStart = 0, resolvedAt = 0, closedAt = 0;
        String handlerUnit = "", handlerMember = "", dispatcher = "", dispatcherUnit = "", escalateFrom = "";
        boolean dispatched = false;
        for (SeedStep s : e.steps()) {
            switch (s.state()) {
                case "ACCEPTED" -> {
                    acceptedAt = s.atMs();
                    resolveStart = s.atMs();
                }
                case "REOPENED" -> resolveStart = s.atMs();
                case "DISPATCHED" -> {
                    dispatched = true;
                    dispatcher = s.actor();
                    dispatcherUnit = unitOf(s.actor());
                    escalateFrom = "";
                    if (directory.exists(s.handler())) {
                        handlerUnit = s.handler();
                        handlerMember = "";
                    } else {
                        handlerUnit = "";
                        handlerMember = s.handler();
                    }
                }
                case "IN_PROGRESS" -> {
                    if (!dispatched) {
                        handlerUnit = ""; // handled inside the grid
                    }
                    handlerMember = s.actor();
                }
                case "RETURNED" -> {
                    handlerUnit = "";
                    handlerMember = "";
                }
                case "ESCALATED" -> {
                    escalateFrom = dispatcher.isEmpty() ? unitOf(s.actor()) : dispatcherUnit;
                    handlerUnit = "";
                    handlerMember = "";
                }
                case "RESOLVED" -> resolvedAt = s.atMs();
                case "CLOSED" -> closedAt = s.atMs();
                default -> { }
            }
        }
        String state = e.finalState();
        long resolveDue = resolveStart == 0 ? 0 : resolveStart + resolveLimit;
        long resolveEnd = resolvedAt >= resolveStart && resolvedAt > 0 ? resolvedAt : asOf;
        Map<String, String> f = new LinkedHashMap<>();
        f.put(EventRecord.STATE, state);
        f.put(EventRecord.CATEGORY, e.category());
        f.put(EventRecord.TEXT, e.text());
        f.put(EventRecord.ATTACHMENTS, "");
        f.put(EventRecord.URGENT, e.urgent() ? "1" : "0");
        f.put(EventRecord.REPORTER, e.reporter());
        f.put(EventRecord.REPORTED_BY, e.reporter());
        f.put(EventRecord.UNIT, e.unit());
        f.put(EventRecord.COMMUNITY, directory.communityOf(e.unit()).orElse(""));
        f.put(EventRecord.CREATED, Long.toString(created));
        f.put(EventRecord.DAY, DAY.format(Instant.ofEpochMilli(created).atZone(zone)));
        f.put(EventRecord.ACCEPT_DUE, Long.toString(acceptDue));
        f.put(EventRecord.ACCEPT_YELLOW, Long.toString(acceptYellow));
        f.put(EventRecord.RESOLVE_LIMIT, Long.toString(resolveLimit));
        f.put(EventRecord.ACCEPT_FLAG, Integer.toString(flag(acceptEnd, acceptYellow, acceptDue)));
        if (resolveStart > 0) {
            f.put(EventRecord.ACCEPTED_AT, Long.toString(acceptedAt));
            f.put(EventRecord.RESOLVE_DUE, Long.toString(resolveDue));
            f.put(EventRecord.RESOLVE_YELLOW, Long.toString(deadlines.yellowAt(resolveStart, resolveDue)));
            f.put(EventRecord.RESOLVE_FLAG, Integer.toString(flag(resolveEnd, deadlines.yellowAt(resolveStart, resolveDue), resolveDue)));
        } else {
            f.put(EventRecord.RESOLVE_FLAG, "0");
        }
        f.put(EventRecord.DISPATCHED, dispatched ? "1" : "0");
        f.put(EventRecord.HANDLER_UNIT, handlerUnit);
        f.put(EventRecord.HANDLER_MEMBER, handlerMember);
        f.put(EventRecord.DISPATCHER, dispatcher);
        f.put(EventRecord.DISPATCHER_UNIT, dispatcherUnit);
        f.put(EventRecord.ESCALATE_FROM, escalateFrom);
        if (resolvedAt > 0) {
            f.put(EventRecord.RESOLVED_AT, Long.toString(resolvedAt));
        }
        if (closedAt > 0) {
            f.put(EventRecord.CLOSED_AT, Long.toString(closedAt));
        }
        f.put(EventRecord.RATING, e.rating());
        f.put(EventRecord.RATING_COMMENT, e.ratingComment());
        f.put(EventRecord.FOLLOW_UPS, Integer.toString(e.followUps()));
        f.put(EventRecord.OWNERS, state.equals("CLOSED") || state.equals("INVALID") || state.equals("WITHDRAWN")
                ? EventOwners.of(directory, e.unit(), "", "") : EventOwners.of(directory, e.unit(), handlerUnit, handlerMember));
        return f;
    }

    private static int flag(long end, long yellow, long due) {
        return end >= due ? 2 : end >= yellow ? 1 : 0;
    }

    /** An actor's home unit. Blocks: the importer is a batch tool, never run on an event loop. */
    private String unitOf(String member) {
        return directory.member(member).toCompletableFuture().join().map(EventMember::unit).orElse("");
    }
}
