package org.gridcast.server.event;

import org.gridcast.server.redis.RedisKeys;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.gridcast.protocol.EventOrder;
import org.gridcast.protocol.TimelineEntry;
import org.gridcast.server.event.workflow.EventRefusedException;
import org.gridcast.server.event.workflow.EventState;
import org.gridcast.server.event.workflow.Refusal;

/**
 * Events in Redis: one hash per event, a timeline list, queues as sorted sets per owner, per-day
 * counters for stats. Every write is one Lua script (atomic; queues and counters never disagree
 * with the event). Decisions (who may do what) are made before, in {@code EventDesk}.
 */
public final class EventStore {
    /** A client report id is remembered this long; a retry after that creates a second event. */
    public static final long DEDUPE_TTL_SECONDS = 30L * 24 * 3600;

    private final RedisClusterAsyncCommands<String, String> redis;
    private final EventLua report = EventLua.load("event_report.lua");
    private final EventLua update = EventLua.load("event_update.lua");
    private final EventLua flag = EventLua.load("event_flag.lua");

    public EventStore(RedisClusterAsyncCommands<String, String> redis) {
        this.redis = redis;
    }

    public record Written(String id, String state, long version, boolean created) {
    }

    /**
     * Stores a new event with its first timeline entries. {@code dedupe} ('' for none) makes a
     * retry return the first event; {@code id} ('' to allocate) is for imports.
     */
    public CompletionStage<Written> create(String dedupe, String id, List<String> timeline, Map<String, String> fields) {
        List<String> args = new ArrayList<>();
        args.add(dedupe);
        args.add(Long.toString(DEDUPE_TTL_SECONDS));
        args.add(id);
        args.add(Integer.toString(timeline.size()));
        args.addAll(timeline);
        fields.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return report.run(redis, RedisKeys.EVENT_PREFIX, args.toArray(String[]::new)).thenApply(r -> new Written(
                (String) r.get(0), (String) r.get(1), Long.parseLong((String) r.get(2)), ((Long) r.get(3)) == 1));
    }

    /** Applies a change if the event is still in {@code expected} (and {@code expectedVersion}, 0 = any). */
    public CompletionStage<Written> update(String id, EventState expected, long expectedVersion, String timelineEntry,
                                           Map<String, String> patch) {
        List<String> args = new ArrayList<>(List.of(id, expected.name(), Long.toString(expectedVersion), timelineEntry));
        patch.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return update.run(redis, RedisKeys.EVENT_PREFIX, args.toArray(String[]::new)).thenApply(r -> {
            String status = (String) r.get(0);
            if (status.equals("UNKNOWN")) {
                throw new EventRefusedException(Refusal.UNKNOWN_EVENT, id);
            }
            if (status.equals("STALE")) {
                throw new EventRefusedException(Refusal.STALE,
                        id + " is now " + r.get(1) + " v" + r.get(2) + ", expected " + expected
                                + (expectedVersion > 0 ? " v" + expectedVersion : ""));
            }
            return new Written(id, (String) r.get(1), Long.parseLong((String) r.get(2)), false);
        });
    }

    public CompletionStage<Optional<EventRecord>> get(String id) {
        return redis.hgetall(RedisKeys.event(id)).thenApply(m -> m.isEmpty() ? Optional.<EventRecord>empty()
                : Optional.of(new EventRecord(m)));
    }

    /** Many events in one pipelined pass (Lettuce sends the commands without waiting). */
    public CompletionStage<List<EventRecord>> getAll(List<String> ids) {
        List<RedisFuture<Map<String, String>>> futures = ids.stream().map(id -> redis.hgetall(RedisKeys.event(id))).toList();
        return CompletableFuture.allOf(futures.stream().map(RedisFuture::toCompletableFuture).toArray(CompletableFuture[]::new))
                .thenApply(v -> futures.stream().map(f -> f.toCompletableFuture().join())
                        .filter(m -> !m.isEmpty()).map(EventRecord::new).collect(Collectors.toList()));
    }

    public CompletionStage<List<TimelineEntry>> timeline(String id) {
        return redis.lrange(RedisKeys.eventTimeline(id), 0, -1)
                .thenApply(l -> l.stream().map(TimelineCodec::decode).toList());
    }

    /** A page of a queue ("pending", "active", "overdue") of an owner. */
    public CompletionStage<List<String>> queue(String owner, String queue, EventOrder order, int offset, int limit) {
        if (order == EventOrder.BY_DEADLINE) {
            return redis.zrange(RedisKeys.eventQueue(owner, queue, 'd'), offset, offset + limit - 1L);
        }
        return redis.zrevrange(RedisKeys.eventQueue(owner, queue, 't'), offset, offset + limit - 1L);
    }

    /** Sizes of the pending, active and overdue queues of an owner. */
    public CompletionStage<long[]> counts(String owner) {
        RedisFuture<Long> p = redis.zcard(RedisKeys.eventQueue(owner, "pending", 't'));
        RedisFuture<Long> a = redis.zcard(RedisKeys.eventQueue(owner, "active", 't'));
        RedisFuture<Long> o = redis.zcard(RedisKeys.eventQueue(owner, "overdue", 't'));
        return CompletableFuture.allOf(p.toCompletableFuture(), a.toCompletableFuture(), o.toCompletableFuture())
                .thenApply(v -> new long[] {p.toCompletableFuture().join(), a.toCompletableFuture().join(),
                        o.toCompletableFuture().join()});
    }

    /** The events a member reported, newest first. */
    public CompletionStage<List<String>> reportedBy(String member, int offset, int limit) {
        return redis.zrevrange(RedisKeys.eventsByReporter(member), offset, offset + limit - 1L);
    }

    /** Events whose next flag time is ≤ now, oldest first, at most {@code limit}. */
    public CompletionStage<List<String>> dueForFlags(long nowMs, int limit) {
        return redis.zrangebyscore(RedisKeys.eventDeadlines(), Range.create(Double.NEGATIVE_INFINITY, (double) nowMs),
                Limit.create(0, limit));
    }

    /** Raises the due flag of an event; 0 if none was raised (already raised, or no longer due). */
    public CompletionStage<Integer> raiseFlag(String id, long nowMs) {
        return flag.run(redis, RedisKeys.EVENT_PREFIX, id, Long.toString(nowMs))
                .thenApply(r -> ((Long) r.get(0)).intValue());
    }
}
