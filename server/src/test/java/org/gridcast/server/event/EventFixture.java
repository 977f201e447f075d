package org.gridcast.server.event;

import org.gridcast.server.redis.RedisLink;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.EventRef;
import org.gridcast.protocol.EventResult;
import org.gridcast.protocol.ReportEvent;
import org.gridcast.protocol.TransitionEvent;
import org.gridcast.seeds.events.StreetYear;
import org.gridcast.seeds.events.StreetYearGenerator;
import org.gridcast.server.GridcastException;
import org.gridcast.server.event.consult.ConsultationService;
import org.gridcast.server.event.deadline.DeadlinePolicy;
import org.gridcast.server.event.deadline.DeadlineSweeper;
import org.gridcast.server.redis.RedisConnector;
import org.gridcast.server.testing.TestRedis;

/** The event domain wired over the shared test Redis and the generated street's hierarchy. */
final class EventFixture implements AutoCloseable {
    static final StreetYear STREET = StreetYearGenerator.generate(7, 0);

    final MutableClock clock = new MutableClock(Instant.parse("2022-06-01T01:00:00Z"), StreetYearGenerator.ZONE);
    final SeedDirectory directory = new SeedDirectory(STREET.units(), STREET.members());
    final RecordingNotifier notifier = new RecordingNotifier();
    final RedisConnector connector;
    final RedisLink<String, String> connection;
    final RedisClusterAsyncCommands<String, String> redis;
    final RedisConversationLog log;
    final EventStore store;
    final EventService service;
    final DeadlineSweeper sweeper;

    EventFixture() {
        TestRedis.flushAll();
        connector = new RedisConnector(TestRedis.uri());
        connection = connector.connectStrings();
        redis = connection.async();
        log = new RedisConversationLog(redis);
        store = new EventStore(redis);
        service = EventService.create(redis, directory, notifier, log, clock, StreetYearGenerator.ZONE,
                DeadlinePolicy.standard(), ConsultationService.DEFAULT_RESPONSE_LIMIT);
        sweeper = new DeadlineSweeper(store, directory, notifier, clock);
    }

    static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    EventResult call(String actor, EventCall call) {
        return await(service.handle(actor, call));
    }

    EventRef report(String actor, String category, String text) {
        return call(actor, EventCall.newBuilder().setReport(ReportEvent.newBuilder().setCategory(category).setText(text)).build())
                .getEvent();
    }

    EventRef move(String actor, String id, String to, String handler) {
        return call(actor, EventCall.newBuilder().setTransition(TransitionEvent.newBuilder().setId(id).setTo(to)
                .setHandler(handler)).build()).getEvent();
    }

    EventRef move(String actor, String id, String to) {
        return move(actor, id, to, "");
    }

    /** The refusal a call ends with, or null when it succeeded. */
    GridcastException refusal(String actor, EventCall call) {
        try {
            call(actor, call);
            return null;
        } catch (GridcastException e) {
            return e;
        }
    }

    EventRecord event(String id) {
        return await(store.get(id)).orElseThrow();
    }

    @Override
    public void close() {
        connection.close();
        connector.close();
    }
}
