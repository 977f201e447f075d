package org.gridcast.server.event;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.EventResult;
import org.gridcast.protocol.FaqList;
import org.gridcast.seeds.Role;
import org.gridcast.server.GridcastException;
import org.gridcast.server.event.consult.ConsultationService;
import org.gridcast.server.event.consult.ConversationLog;
import org.gridcast.server.event.consult.ConversationStore;
import org.gridcast.server.event.deadline.DeadlinePolicy;
import org.gridcast.server.event.faq.FaqStore;
import org.gridcast.server.event.stats.EventStatsService;
import org.gridcast.server.event.workflow.EventRefusedException;
import org.gridcast.server.event.workflow.Refusal;
import org.gridcast.server.event.workflow.Workflow;
import org.gridcast.server.media.MediaLedger;

/**
 * The one entry point of the event domain, independent of the network: the dispatcher calls
 * {@link #handle} for every {@code Envelope.event_call} with the session's member id, and sends
 * the result as {@code Envelope.event_result}. A refusal fails the stage with a
 * {@link GridcastException} (its code goes into the {@code Error} reply).
 */
public final class EventService {
    private final EventDesk desk;
    private final EventQueries queries;
    private final EventStatsService stats;
    private final ConsultationService consultations;
    private final FaqStore faqs;
    private final EventDirectory directory;

    public EventService(EventDesk desk, EventQueries queries, EventStatsService stats,
                        ConsultationService consultations, FaqStore faqs, EventDirectory directory) {
        this.desk = desk;
        this.queries = queries;
        this.stats = stats;
        this.consultations = consultations;
        this.faqs = faqs;
        this.directory = directory;
    }

    /** Wires the domain over one Redis connection with the integrator's directory, notifier and log. */
    public static EventService create(RedisClusterAsyncCommands<String, String> redis, EventDirectory directory,
                                      EventNotifier notifier, ConversationLog log, Clock clock, ZoneId zone,
                                      DeadlinePolicy deadlines, Duration responseLimit) {
        return create(redis, directory, notifier, log, clock, zone, deadlines, responseLimit, null);
    }

    /** As above, with uploaded photos as attachments ({@code photos} null: links only). */
    public static EventService create(RedisClusterAsyncCommands<String, String> redis, EventDirectory directory,
                                      EventNotifier notifier, ConversationLog log, Clock clock, ZoneId zone,
                                      DeadlinePolicy deadlines, Duration responseLimit, MediaLedger photos) {
        EventStore store = new EventStore(redis);
        FaqStore faqs = new FaqStore(redis);
        return new EventService(
                new EventDesk(store, directory, notifier, new Workflow(clock), deadlines, zone, photos),
                new EventQueries(store, directory),
                new EventStatsService(redis, directory, clock, zone),
                new ConsultationService(new ConversationStore(redis), log, faqs, directory, clock, responseLimit),
                faqs, directory);
    }

    public CompletionStage<EventResult> handle(String actorMemberId, EventCall call) {
        CompletionStage<EventResult> result = run(() -> switch (call.getCallCase()) {
            case REPORT -> desk.report(actorMemberId, call.getReport()).thenApply(r -> EventResult.newBuilder().setEvent(r).build());
            case LIST -> queries.list(actorMemberId, call.getList()).thenApply(r -> EventResult.newBuilder().setPage(r).build());
            case GET -> queries.get(actorMemberId, call.getGet().getId()).thenApply(r -> EventResult.newBuilder().setDetail(r).build());
            case TRANSITION -> desk.transition(actorMemberId, call.getTransition()).thenApply(r -> EventResult.newBuilder().setEvent(r).build());
            case RATE -> desk.rate(actorMemberId, call.getRate()).thenApply(r -> EventResult.newBuilder().setEvent(r).build());
            case FOLLOW_UP -> desk.followUp(actorMemberId, call.getFollowUp()).thenApply(r -> EventResult.newBuilder().setEvent(r).build());
            case STATS -> stats.stats(actorMemberId, call.getStats()).thenApply(r -> EventResult.newBuilder().setStats(r).build());
            case ASK -> consultations.ask(actorMemberId, call.getAsk()).thenApply(r -> EventResult.newBuilder().setAsk(r).build());
            case CHAT -> consultations.chat(actorMemberId, call.getChat()).thenApply(r -> EventResult.newBuilder().setChat(r).build());
            case HAND_OVER -> consultations.handOver(actorMemberId, call.getHandOver()).thenApply(r -> EventResult.newBuilder().setConversation(r).build());
            case CONVERSATIONS -> consultations.list(actorMemberId).thenApply(r -> EventResult.newBuilder().setConversations(r).build());
            case PUT_FAQ -> putFaq(actorMemberId, call);
            case LIST_FAQ -> listFaq(actorMemberId, call.getListFaq().getCommunity());
            case CALL_NOT_SET -> throw new EventRefusedException(Refusal.BAD_REQUEST, "empty EventCall");
        });
        return result.handle((r, e) -> {
            if (e == null) {
                return r;
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof EventRefusedException refused) {
                throw refused.toGridcast();
            }
            throw cause instanceof RuntimeException re ? re : new CompletionException(cause);
        });
    }

    private CompletionStage<EventResult> putFaq(String actorId, EventCall call) {
        String community = call.getPutFaq().getCommunity();
        return staffOf(actorId, community).thenCompose(c -> faqs.put(c, call.getPutFaq().getFaq())
                .thenCompose(f -> faqs.list(c)).thenApply(l -> faqResult(c, l)));
    }

    private CompletionStage<EventResult> listFaq(String actorId, String community) {
        return directory.member(actorId).thenCompose(m -> {
            EventMember actor = m.orElseThrow(() -> new EventRefusedException(Refusal.UNKNOWN_MEMBER, actorId));
            String c = community.isEmpty() ? directory.communityOf(actor.unit()).orElse("") : community;
            return faqs.list(c).thenApply(l -> faqResult(c, l));
        });
    }

    /** Staff whose scope covers the community (its own staff or town staff) edit its FAQ. */
    private CompletionStage<String> staffOf(String actorId, String community) {
        return directory.member(actorId).thenApply(m -> {
            EventMember actor = m.orElseThrow(() -> new EventRefusedException(Refusal.UNKNOWN_MEMBER, actorId));
            String c = community.isEmpty() ? directory.communityOf(actor.unit()).orElse("") : community;
            boolean staff = actor.role() == Role.COMMUNITY_STAFF || actor.role() == Role.TOWN_STAFF;
            if (!staff || c.isEmpty() || !directory.within(actor.unit(), c)) {
                throw new EventRefusedException(Refusal.NOT_PERMITTED, "FAQs are kept by staff of the community");
            }
            return c;
        });
    }

    private static EventResult faqResult(String community, java.util.List<org.gridcast.protocol.Faq> list) {
        return EventResult.newBuilder().setFaqs(FaqList.newBuilder().setCommunity(community).addAllFaqs(list)).build();
    }

    /** Turns a synchronous refusal thrown while starting a call into a failed stage. */
    private static CompletionStage<EventResult> run(Supplier<CompletionStage<EventResult>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
