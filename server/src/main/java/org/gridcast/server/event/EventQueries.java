package org.gridcast.server.event;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.EventDetail;
import org.gridcast.protocol.EventPage;
import org.gridcast.protocol.EventQueue;
import org.gridcast.protocol.EventSummary;
import org.gridcast.protocol.ListEvents;
import org.gridcast.protocol.Location;
import org.gridcast.seeds.Role;
import org.gridcast.server.event.workflow.Capacities;
import org.gridcast.server.event.workflow.EventRefusedException;
import org.gridcast.server.event.workflow.Refusal;

/**
 * The read side: queues and event details, within the actor's scope. A resident sees their own
 * events and what was dispatched to them (a shop operator); staff see the queues of units in
 * their subtree, and the queue of their own unit holds what was dispatched to it.
 */
public final class EventQueries {
    private final EventStore store;
    private final EventDirectory directory;

    public EventQueries(EventStore store, EventDirectory directory) {
        this.store = store;
        this.directory = directory;
    }

    public CompletionStage<EventPage> list(String actorId, ListEvents q) {
        int limit = EventLimits.pageLimit(q.getLimit());
        int offset = EventLimits.pageOffset(q.getOffset());
        return directory.member(actorId).thenCompose(m -> {
            EventMember actor = m.orElseThrow(() -> new EventRefusedException(Refusal.UNKNOWN_MEMBER, actorId));
            if (q.getQueue() == EventQueue.MINE) {
                return store.reportedBy(actor.id(), offset, limit).thenCompose(ids -> page(ids, new long[3]));
            }
            String owner = owner(actor, q.getUnit());
            String queue = switch (q.getQueue()) {
                case PENDING -> "pending";
                case ACTIVE -> "active";
                case OVERDUE -> "overdue";
                default -> throw new EventRefusedException(Refusal.BAD_REQUEST, "queue is pending, active, overdue or mine");
            };
            return store.counts(owner).thenCompose(counts ->
                    store.queue(owner, queue, q.getOrder(), offset, limit).thenCompose(ids -> page(ids, counts)));
        });
    }

    private String owner(EventMember actor, String unit) {
        if (unit.isEmpty()) {
            return actor.isResident() ? EventOwners.member(actor.id()) : EventOwners.unit(actor.unit());
        }
        boolean staff = !actor.isResident() && actor.role() != Role.OPERATOR;
        if (staff && directory.within(actor.unit(), unit)) {
            return EventOwners.unit(unit);
        }
        throw new EventRefusedException(Refusal.OUT_OF_SCOPE, "unit " + unit + " is outside " + actor.id() + "'s scope");
    }

    private CompletionStage<EventPage> page(List<String> ids, long[] counts) {
        return store.getAll(ids).thenApply(records -> {
            EventPage.Builder b = EventPage.newBuilder().setPending(counts[0]).setActive(counts[1]).setOverdue(counts[2]);
            records.forEach(r -> b.addEvents(summary(r)));
            return b.build();
        });
    }

    public CompletionStage<EventDetail> get(String actorId, String eventId) {
        return directory.member(actorId).thenCompose(m -> {
            EventMember actor = m.orElseThrow(() -> new EventRefusedException(Refusal.UNKNOWN_MEMBER, actorId));
            return store.get(eventId).thenCompose(e -> {
                EventRecord r = e.orElseThrow(() -> new EventRefusedException(Refusal.UNKNOWN_EVENT, eventId));
                if (!Capacities.canView(actor, r, directory)) {
                    return CompletableFuture.failedFuture(
                            new EventRefusedException(Refusal.OUT_OF_SCOPE, eventId + " is not visible to " + actorId));
                }
                return store.timeline(eventId).thenApply(tl -> detail(r).addAllTimeline(tl).build());
            });
        });
    }

    /**
     * Whether the member may see the event, by the same check as {@link #get}; false also for an
     * unknown member or event. {@code GET /media} asks this for the events a photo belongs to.
     */
    public CompletionStage<Boolean> canView(String actorId, String eventId) {
        return directory.member(actorId).thenCompose(m -> {
            if (m.isEmpty()) {
                return CompletableFuture.completedFuture(false);
            }
            return store.get(eventId).thenApply(e -> e.isPresent() && Capacities.canView(m.get(), e.get(), directory));
        });
    }

    public static EventSummary summary(EventRecord r) {
        String handler = r.handlerMember().isEmpty() ? r.handlerUnit() : r.handlerMember();
        return EventSummary.newBuilder().setId(r.id()).setState(r.state().name()).setCategory(r.get(EventRecord.CATEGORY))
                .setReporter(r.reporter()).setUnit(r.unit()).setCreatedAtMs(r.millis(EventRecord.CREATED))
                .setDeadlineMs(r.currentDeadline()).setOverdue(EventRecord.flagName(r.currentFlag()))
                .setHandler(handler).setUrgent(r.get(EventRecord.URGENT).equals("1")).build();
    }

    private static EventDetail.Builder detail(EventRecord r) {
        EventDetail.Builder b = EventDetail.newBuilder().setSummary(summary(r)).setText(r.get(EventRecord.TEXT))
                .addAllAttachments(r.attachments()).setVersion(r.version()).setDispatcher(r.dispatcher())
                .setRating(r.get(EventRecord.RATING)).setRatingComment(r.get(EventRecord.RATING_COMMENT))
                .setFollowUps((int) r.millis(EventRecord.FOLLOW_UPS));
        if (!r.get(EventRecord.LAT).isEmpty()) {
            b.setLocation(Location.newBuilder().setLat(Double.parseDouble(r.get(EventRecord.LAT)))
                    .setLng(Double.parseDouble(r.get(EventRecord.LNG))).setAddress(r.get(EventRecord.ADDRESS)));
        }
        return b;
    }
}
