package org.gridcast.server.event;

import org.gridcast.server.redis.RedisLink;
import java.time.Clock;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.gridcast.protocol.Envelope.BodyCase;
import org.gridcast.server.HandlerModule;
import org.gridcast.server.ServerRuntime;
import org.gridcast.server.directory.DirectoryHierarchy;
import org.gridcast.server.directory.DirectoryStore;
import org.gridcast.server.event.consult.ChannelConversationLog;
import org.gridcast.server.event.consult.ConsultationService;
import org.gridcast.server.event.consult.ConversationStore;
import org.gridcast.server.event.deadline.DeadlinePolicy;
import org.gridcast.server.event.deadline.DeadlineSweeper;
import org.gridcast.server.event.faq.FaqSeeds;
import org.gridcast.server.event.faq.FaqStore;
import org.gridcast.server.media.MediaLedger;
import org.gridcast.server.net.Dispatcher;
import org.gridcast.server.notice.NoticeStore;

/**
 * Event reports, dispatch, stats and consultations on top of the core: updates go through
 * members' inboxes, consultations are core channels, so delivery and badges are the core's.
 * Starts the deadline sweeper (safe on several nodes: flags are raised idempotently).
 */
public final class EventModule implements HandlerModule, AutoCloseable {
    /** The towns the product serves keep local time in their reports and deadlines. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** How often overdue flags are checked; deadlines are hours, a minute is plenty. */
    public static final long SWEEP_PERIOD_MS = 60_000;

    private final NoticeStore notices;
    private final DirectoryStore directory;
    private final DirectoryHierarchy hierarchy;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gridcast-deadlines");
        t.setDaemon(true);
        return t;
    });
    private volatile ConversationStore conversations;
    private volatile EventQueries queries;

    public EventModule(NoticeStore notices, DirectoryStore directory, DirectoryHierarchy hierarchy, Clock clock) {
        this.notices = notices;
        this.directory = directory;
        this.hierarchy = hierarchy;
        this.clock = clock;
    }

    @Override
    public void register(Dispatcher dispatcher, ServerRuntime runtime) {
        RedisLink<String, String> strings = runtime.connector().connectStrings();
        EventDirectory events = new CoreEventDirectory(directory, hierarchy);
        EventNotifier notifier = new InboxEventNotifier(notices);
        EventService service = EventService.create(strings.async(), events, notifier,
                new ChannelConversationLog(notices, runtime.redis()), clock, ZONE, DeadlinePolicy.standard(),
                ConsultationService.DEFAULT_RESPONSE_LIMIT, new MediaLedger(strings.async()));
        queries = new EventQueries(new EventStore(strings.async()), events);
        conversations = new ConversationStore(strings.async());
        FaqSeeds.loadIfEmpty(new FaqStore(strings.async())).toCompletableFuture().join();
        EventMetrics metrics = new EventMetrics(runtime.metrics().registry());
        dispatcher.register(BodyCase.EVENT_CALL, (session, request) ->
                service.handle(session.member(), request.getEventCall())
                        .thenApply(result -> {
                            metrics.record(request.getEventCall(), result);
                            return result;
                        }));
        new DeadlineSweeper(new EventStore(strings.async()), events, notifier, clock).start(timer, SWEEP_PERIOD_MS);
    }

    /** The consultations of a member, once the module runs (none before). */
    public ConversationStore conversations() {
        return conversations;
    }

    /** Whether a member may see an event (false before the module runs): who may see its photos. */
    public CompletionStage<Boolean> canView(String member, String eventId) {
        EventQueries q = queries;
        return q == null ? CompletableFuture.completedFuture(false) : q.canView(member, eventId);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
