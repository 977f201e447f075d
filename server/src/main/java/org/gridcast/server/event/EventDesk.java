package org.gridcast.server.event;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.EventRef;
import org.gridcast.protocol.EventUpdate;
import org.gridcast.protocol.FollowUpEvent;
import org.gridcast.protocol.RateEvent;
import org.gridcast.protocol.ReportEvent;
import org.gridcast.protocol.TransitionEvent;
import org.gridcast.seeds.Role;
import org.gridcast.server.event.deadline.DeadlinePolicy;
import org.gridcast.server.event.workflow.Capacities;
import org.gridcast.server.event.workflow.Capacity;
import org.gridcast.server.event.workflow.Edge;
import org.gridcast.server.event.workflow.EventRefusedException;
import org.gridcast.server.event.workflow.EventState;
import org.gridcast.server.event.workflow.Rating;
import org.gridcast.server.event.workflow.Refusal;
import org.gridcast.server.event.workflow.ReportPolicy;
import org.gridcast.server.event.workflow.Workflow;
import org.gridcast.server.media.MediaId;
import org.gridcast.server.media.MediaLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write side of events: report, transition, rate, follow-up. Each call reads the event,
 * decides with the pure {@link Workflow} what the actor may do, and has {@link EventStore} apply
 * it only if the event has not moved meanwhile; then tells everyone concerned.
 */
public final class EventDesk {
    private static final Logger LOG = LoggerFactory.getLogger(EventDesk.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final EventStore store;
    private final EventDirectory directory;
    private final EventNotifier notifier;
    private final Workflow workflow;
    private final DeadlinePolicy deadlines;
    private final ZoneId zone;
    private final EventAudience audience;
    private final MediaLedger photos;

    /** Without uploaded photos: attachments are external links only. */
    public EventDesk(EventStore store, EventDirectory directory, EventNotifier notifier, Workflow workflow,
                     DeadlinePolicy deadlines, ZoneId zone) {
        this(store, directory, notifier, workflow, deadlines, zone, null);
    }

    /** @param photos the uploads ({@code /media/<sha256>} attachments); null refuses such URLs */
    public EventDesk(EventStore store, EventDirectory directory, EventNotifier notifier, Workflow workflow,
                     DeadlinePolicy deadlines, ZoneId zone, MediaLedger photos) {
        this.photos = photos;
        this.store = store;
        this.directory = directory;
        this.notifier = notifier;
        this.workflow = workflow;
        this.deadlines = deadlines;
        this.zone = zone;
        this.audience = new EventAudience(directory);
    }

    public CompletionStage<EventRef> report(String actorId, ReportEvent r) {
        String category = EventLimits.bounded(r.getCategory().trim(), EventLimits.MAX_CATEGORY, "category");
        int slash = category.indexOf('/');
        if (slash <= 0 || slash == category.length() - 1 || category.indexOf('/', slash + 1) >= 0) {
            throw new EventRefusedException(Refusal.BAD_REQUEST, "category must be LEVEL1/LEVEL2: " + category);
        }
        if (r.getText().isBlank()) {
            throw new EventRefusedException(Refusal.BAD_REQUEST, "text is empty");
        }
        EventLimits.bounded(r.getText(), EventLimits.MAX_TEXT, "text");
        EventLimits.bounded(r.getClientReportId(), EventLimits.MAX_ID, "client_report_id");
        if (r.getAttachmentsCount() > EventLimits.MAX_ATTACHMENTS) {
            throw new EventRefusedException(Refusal.TOO_LONG, "at most " + EventLimits.MAX_ATTACHMENTS + " attachments");
        }
        List<String> uploads = new ArrayList<>();
        for (String url : r.getAttachmentsList()) {
            // a link is checked as one: never a newline (attachments are stored joined by newlines)
            upload(url, "attachment URL").ifPresent(uploads::add);
        }
        return member(actorId).thenCompose(actor -> ownPhotos(actor, uploads)).thenCompose(actor -> {
            CompletionStage<EventMember> reporterStage = r.getOnBehalfOf().isEmpty()
                    ? CompletableFuture.completedFuture(actor) : member(r.getOnBehalfOf());
            return reporterStage.thenCompose(reporter -> {
                String unit = r.getUnit().isEmpty() ? reporter.unit() : r.getUnit();
                if (!directory.exists(unit)) {
                    throw new EventRefusedException(Refusal.BAD_REQUEST, "unknown unit " + unit);
                }
                ReportPolicy.check(actor, reporter, unit, directory);
                long now = workflow.clock().millis();
                Map<String, String> f = newEventFields(category, r, reporter.id(), actor.id(), unit, now);
                String note = reporter == actor ? "" : "reported by " + actor.id();
                List<String> timeline = List.of(TimelineCodec.encode(EventState.SUBMITTED.name(), actor.id(), now, note));
                String dedupe = r.getClientReportId().isEmpty() ? "" : actor.id() + ":" + r.getClientReportId();
                return store.create(dedupe, "", timeline, f).thenCompose(w -> {
                    EventRef ref = ref(w);
                    if (!w.created()) {
                        return CompletableFuture.completedFuture(ref);
                    }
                    f.put(EventRecord.ID, w.id());
                    return attach(w.id(), uploads)
                            .thenCompose(v -> tell(new EventRecord(f), w, "transition", actor.id(), now, note, ""))
                            .thenApply(v -> ref);
                });
            });
        });
    }

    /**
     * The id of an uploaded photo's URL {@code /media/<sha256>}, or empty for an absolute http(s)
     * link, which is checked as one ({@link EventLimits#link}); anything else is BAD_REQUEST.
     */
    private static Optional<String> upload(String url, String what) {
        if (MediaId.isMediaUrl(url)) {
            return Optional.of(MediaId.ofUrl(url).orElseThrow(() -> new EventRefusedException(Refusal.BAD_REQUEST,
                    "an uploaded photo's URL is /media/ and 64 lower-case hex digits")));
        }
        EventLimits.link(url, what);
        return Optional.empty();
    }

    /**
     * An uploaded photo may be attached only by the member who uploaded it (the one who sends the
     * report, also when reporting on someone's behalf, or the one who takes a step such as 回单):
     * else anyone who learnt a photo's id could attach it to an event of their own and so get to
     * see it.
     */
    private CompletionStage<EventMember> ownPhotos(EventMember actor, List<String> uploads) {
        if (uploads.isEmpty()) {
            return CompletableFuture.completedFuture(actor);
        }
        if (photos == null) {
            throw new EventRefusedException(Refusal.BAD_REQUEST, "this node takes no uploaded photos");
        }
        return photos.attachable(actor.id(), uploads).thenApply(ok -> {
            if (!ok) {
                throw new EventRefusedException(Refusal.NOT_PERMITTED, "a photo was not uploaded by " + actor.id()
                        + " or is attached to " + MediaLedger.MAX_EVENTS_PER_PHOTO + " events already");
            }
            return actor;
        });
    }

    private CompletionStage<Void> attach(String eventId, List<String> uploads) {
        return uploads.isEmpty() ? CompletableFuture.completedFuture(null) : photos.attach(eventId, uploads);
    }

    private Map<String, String> newEventFields(String category, ReportEvent r, String reporter, String by, String unit,
                                               long now) {
        boolean urgent = r.getUrgent();
        long acceptDue = now + deadlines.acceptMillis(category, urgent);
        Map<String, String> f = new LinkedHashMap<>();
        f.put(EventRecord.STATE, EventState.SUBMITTED.name());
        f.put(EventRecord.CATEGORY, category);
        f.put(EventRecord.TEXT, r.getText());
        if (r.hasLocation()) {
            f.put(EventRecord.LAT, Double.toString(r.getLocation().getLat()));
            f.put(EventRecord.LNG, Double.toString(r.getLocation().getLng()));
            f.put(EventRecord.ADDRESS, EventLimits.bounded(r.getLocation().getAddress(), EventLimits.MAX_NOTE, "address"));
        }
        f.put(EventRecord.ATTACHMENTS, String.join(EventRecord.ATTACHMENT_SEPARATOR, r.getAttachmentsList()));
        f.put(EventRecord.URGENT, urgent ? "1" : "0");
        f.put(EventRecord.REPORTER, reporter);
        f.put(EventRecord.REPORTED_BY, by);
        f.put(EventRecord.UNIT, unit);
        f.put(EventRecord.COMMUNITY, directory.communityOf(unit).orElse(""));
        f.put(EventRecord.CREATED, Long.toString(now));
        f.put(EventRecord.DAY, day(now));
        f.put(EventRecord.ACCEPT_DUE, Long.toString(acceptDue));
        f.put(EventRecord.ACCEPT_YELLOW, Long.toString(deadlines.yellowAt(now, acceptDue)));
        f.put(EventRecord.RESOLVE_LIMIT, Long.toString(deadlines.resolveMillis(category, urgent)));
        f.put(EventRecord.DISPATCHED, "0");
        f.put(EventRecord.FOLLOW_UPS, "0");
        f.put(EventRecord.ACCEPT_FLAG, "0");
        f.put(EventRecord.RESOLVE_FLAG, "0");
        f.put(EventRecord.OWNERS, owners(unit, "", ""));
        return f;
    }

    /**
     * A step of the workflow. Its photo (回单's, though any step may carry one) is the actor's own
     * upload {@code /media/<sha256>} or an absolute http(s) link; an upload is linked to the event
     * once the step is stored, so from then on whoever may see the event may fetch it, as the
     * photos of a report.
     */
    public CompletionStage<EventRef> transition(String actorId, TransitionEvent t) {
        EventState to = EventState.parse(t.getTo());
        String note = EventLimits.bounded(t.getNote(), EventLimits.MAX_NOTE, "note");
        String photo = t.getPhoto();
        List<String> uploads = photo.isEmpty() ? List.of() : upload(photo, "photo").stream().toList();
        return actorAndEvent(actorId, t.getId()).thenCompose(ae -> {
            EventMember actor = ae.actor;
            EventRecord e = ae.event;
            Set<Capacity> caps = Capacities.of(actor, e, directory);
            Edge edge = e.state() == EventState.CLOSED && to == EventState.REOPENED
                    ? workflow.checkReopen(caps, e.millis(EventRecord.CLOSED_AT))
                    : workflow.check(e.state(), to, caps);
            return ownPhotos(actor, uploads).thenCompose(a -> {
                long now = workflow.clock().millis();
                return patch(edge, actor, e, t, now).thenCompose(patch -> apply(actor, e, t.getExpectedVersion(),
                        new Step(to, now, note, photo, uploads), patch, "transition"));
            });
        });
    }

    public CompletionStage<EventRef> rate(String actorId, RateEvent r) {
        Rating rating = Rating.parse(r.getScore());
        String comment = EventLimits.bounded(r.getComment(), EventLimits.MAX_NOTE, "comment");
        return actorAndEvent(actorId, r.getId()).thenCompose(ae -> {
            workflow.checkRate(ae.event.state(), Capacities.of(ae.actor, ae.event, directory), ae.event.rated());
            long now = workflow.clock().millis();
            Map<String, String> patch = Map.of(EventRecord.RATING, rating.wire(), EventRecord.RATING_COMMENT, comment);
            String note = ("rated:" + rating.wire() + " " + comment).trim();
            return apply(ae.actor, ae.event, 0, Step.of(EventState.CLOSED, now, note), patch, "rated");
        });
    }

    public CompletionStage<EventRef> followUp(String actorId, FollowUpEvent f) {
        String text = EventLimits.bounded(f.getNote(), EventLimits.MAX_NOTE, "note");
        return actorAndEvent(actorId, f.getId()).thenCompose(ae -> {
            workflow.checkFollowUp(ae.event.state(), Capacities.of(ae.actor, ae.event, directory));
            long now = workflow.clock().millis();
            // Expect the version read, so two concurrent follow-ups cannot both write n+1.
            Map<String, String> patch = Map.of(EventRecord.FOLLOW_UPS,
                    Long.toString(ae.event.millis(EventRecord.FOLLOW_UPS) + 1));
            return apply(ae.actor, ae.event, ae.event.version(),
                    Step.of(EventState.CLOSED, now, ("followup: " + text).trim()), patch, "followup");
        });
    }

    /**
     * What one step writes to the timeline: the state it leads to, when, the note, and its photo
     * with the ids of the uploads in it (to link to the event once stored).
     */
    private record Step(EventState to, long now, String note, String photo, List<String> uploads) {
        static Step of(EventState to, long now, String note) {
            return new Step(to, now, note, "", List.of());
        }
    }

    private CompletionStage<EventRef> apply(EventMember actor, EventRecord e, long expectedVersion, Step step,
                                           Map<String, String> patch, String kind) {
        EventState to = step.to();
        long now = step.now();
        Map<String, String> p = new LinkedHashMap<>(patch);
        p.put(EventRecord.STATE, to.name());
        Map<String, String> after = new HashMap<>(e.fields());
        after.putAll(p);
        p.put(EventRecord.OWNERS, owners(e.unit(), after.getOrDefault(EventRecord.HANDLER_UNIT, ""),
                after.getOrDefault(EventRecord.HANDLER_MEMBER, "")));
        after.putAll(p);
        String entry = TimelineCodec.encode(to.name(), actor.id(), now, step.note(), step.photo());
        // linked only once the step is stored (a refused step links nothing), and before anyone is
        // told of it, so a viewer who opens the update can fetch the photo
        return store.update(e.id(), e.state(), expectedVersion, entry, p).thenCompose(w -> attach(e.id(), step.uploads())
                .thenCompose(v -> tell(new EventRecord(after), w, kind, actor.id(), now, step.note(), step.photo()))
                .thenApply(v -> ref(w)));
    }

    /** The fields a transition changes besides the state. */
    private CompletionStage<Map<String, String>> patch(Edge edge, EventMember actor, EventRecord e, TransitionEvent t,
                                                       long now) {
        Map<String, String> p = new LinkedHashMap<>();
        switch (edge.name()) {
            case "accept" -> {
                long due = now + e.millis(EventRecord.RESOLVE_LIMIT);
                p.put(EventRecord.ACCEPTED_AT, Long.toString(now));
                p.put(EventRecord.RESOLVE_DUE, Long.toString(due));
                p.put(EventRecord.RESOLVE_YELLOW, Long.toString(deadlines.yellowAt(now, due)));
            }
            case "handle-in-grid" -> {
                p.put(EventRecord.HANDLER_MEMBER, actor.id());
                p.put(EventRecord.HANDLER_UNIT, "");
            }
            case "dispatch", "dispatch-in-progress", "redispatch", "dispatch-escalated" -> {
                return dispatchTarget(actor, t.getHandler()).thenApply(target -> {
                    p.put(EventRecord.HANDLER_UNIT, target.unit);
                    p.put(EventRecord.HANDLER_MEMBER, target.member);
                    p.put(EventRecord.DISPATCHER, actor.id());
                    p.put(EventRecord.DISPATCHER_UNIT, actor.unit());
                    p.put(EventRecord.DISPATCHED, "1");
                    p.put(EventRecord.ESCALATE_FROM, "");
                    return p;
                });
            }
            case "sign" -> p.put(EventRecord.HANDLER_MEMBER, actor.id());
            case "return" -> {
                p.put(EventRecord.HANDLER_UNIT, "");
                p.put(EventRecord.HANDLER_MEMBER, "");
            }
            case "escalate" -> {
                String from = e.dispatcher().isEmpty() ? actor.unit() : e.get(EventRecord.DISPATCHER_UNIT);
                p.put(EventRecord.ESCALATE_FROM, from);
                p.put(EventRecord.HANDLER_UNIT, "");
                p.put(EventRecord.HANDLER_MEMBER, "");
            }
            case "resolve" -> p.put(EventRecord.RESOLVED_AT, Long.toString(now));
            case "close" -> p.put(EventRecord.CLOSED_AT, Long.toString(now));
            case "reopen" -> {
                // A reopened event gets a fresh resolution limit; its earlier rating no longer stands.
                long due = now + e.millis(EventRecord.RESOLVE_LIMIT);
                p.put(EventRecord.RESOLVE_DUE, Long.toString(due));
                p.put(EventRecord.RESOLVE_YELLOW, Long.toString(deadlines.yellowAt(now, due)));
                p.put(EventRecord.RESOLVE_FLAG, "0");
                p.put(EventRecord.RATING, "");
                p.put(EventRecord.RATING_COMMENT, "");
            }
            default -> { }
        }
        return CompletableFuture.completedFuture(p);
    }

    private record Target(String unit, String member) {
    }

    /**
     * A dispatch goes to a unit (department, shop alliance, another unit) or a member (a shop
     * operator). Community staff reach their community's subtree and the departments attached
     * above them (town departments); town staff reach their whole town.
     */
    private CompletionStage<Target> dispatchTarget(EventMember actor, String handler) {
        if (handler.isEmpty()) {
            throw new EventRefusedException(Refusal.BAD_HANDLER, "a dispatch names a handler (unit or member)");
        }
        if (directory.exists(handler)) {
            requireReachable(actor, handler);
            return CompletableFuture.completedFuture(new Target(handler, ""));
        }
        return directory.member(handler).thenApply(m -> {
            EventMember target = m.orElseThrow(() -> new EventRefusedException(Refusal.BAD_HANDLER, "unknown handler " + handler));
            requireReachable(actor, target.unit());
            return new Target("", target.id());
        });
    }

    private void requireReachable(EventMember actor, String unit) {
        boolean reach = directory.within(actor.unit(), unit)
                || (actor.role() == Role.COMMUNITY_STAFF && directory.isHandlerUnit(unit)
                && directory.parentOf(unit).map(p -> directory.within(p, actor.unit())).orElse(false));
        if (!reach) {
            throw new EventRefusedException(Refusal.BAD_HANDLER, actor.id() + " may not dispatch to " + unit);
        }
    }

    private CompletionStage<Void> tell(EventRecord after, EventStore.Written w, String kind, String actor, long now,
                                       String note, String photo) {
        EventUpdate update = EventUpdate.newBuilder().setId(w.id()).setState(w.state()).setKind(kind).setActor(actor)
                .setAtMs(now).setNote(note).setPhoto(photo).setCategory(after.get(EventRecord.CATEGORY))
                .setOverdue(EventRecord.flagName(after.currentFlag())).build();
        return audience.of(after)
                .thenCompose(members -> notifier.notify(new ArrayList<>(new LinkedHashSet<>(members)), update,
                        "ev:" + w.id() + ":v" + w.version()))
                .exceptionally(err -> {
                    // The change is stored and shows in queues and details; a lost push is repaired
                    // by the client's next sync of its inbox, so the caller still gets its answer.
                    LOG.warn("event {} v{}: notify failed: {}", w.id(), w.version(), err.toString());
                    return null;
                });
    }

    private record ActorAndEvent(EventMember actor, EventRecord event) {
    }

    private CompletionStage<ActorAndEvent> actorAndEvent(String actorId, String eventId) {
        return member(actorId).thenCompose(actor -> store.get(eventId).thenApply(e -> {
            EventRecord event = e.orElseThrow(() -> new EventRefusedException(Refusal.UNKNOWN_EVENT, eventId));
            if (!Capacities.canView(actor, event, directory)) {
                throw new EventRefusedException(Refusal.OUT_OF_SCOPE, eventId + " is not visible to " + actorId);
            }
            return new ActorAndEvent(actor, event);
        }));
    }

    private CompletionStage<EventMember> member(String id) {
        return directory.member(id).thenApply(m -> m.orElseThrow(() -> new EventRefusedException(Refusal.UNKNOWN_MEMBER, id)));
    }

    String owners(String unit, String handlerUnit, String handlerMember) {
        return EventOwners.of(directory, unit, handlerUnit, handlerMember);
    }

    String day(long ms) {
        return DAY.format(Instant.ofEpochMilli(ms).atZone(zone));
    }

    private static EventRef ref(EventStore.Written w) {
        return EventRef.newBuilder().setId(w.id()).setState(w.state()).setVersion(w.version()).build();
    }
}
