package org.gridcast.server.event.stats;

import org.gridcast.server.redis.RedisKeys;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.EventStats;
import org.gridcast.protocol.GetStats;
import org.gridcast.seeds.Role;
import org.gridcast.server.event.EventDirectory;
import org.gridcast.server.event.EventMember;
import org.gridcast.server.event.workflow.EventRefusedException;
import org.gridcast.server.event.workflow.Refusal;

/**
 * Stats of a unit subtree over a period of report days. The event scripts keep, per report day,
 * a hash of counters {@code <unit>|<metric>} equal to the sum of the per-event summaries; a query
 * reads one hash per day in one pipelined pass and adds the fields of units inside the subtree.
 * A year is 366 small hashes, whatever the number of events.
 */
public final class EventStatsService {
    /** A period longer than this is refused: bounded work per request. */
    public static final int MAX_DAYS = 3 * 366;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final RedisClusterAsyncCommands<String, String> redis;
    private final EventDirectory directory;
    private final Clock clock;
    private final ZoneId zone;

    public EventStatsService(RedisClusterAsyncCommands<String, String> redis, EventDirectory directory, Clock clock, ZoneId zone) {
        this.redis = redis;
        this.directory = directory;
        this.clock = clock;
        this.zone = zone;
    }

    /** Staff only, for a unit of their scope (default: their home unit). */
    public CompletionStage<EventStats> stats(String actorId, GetStats q) {
        return directory.member(actorId).thenCompose(m -> {
            EventMember actor = m.orElseThrow(() -> new EventRefusedException(Refusal.UNKNOWN_MEMBER, actorId));
            String unit = q.getUnit().isEmpty() ? actor.unit() : q.getUnit();
            if (actor.role() == Role.RESIDENT || !directory.within(actor.unit(), unit)) {
                throw new EventRefusedException(Refusal.OUT_OF_SCOPE, "stats of " + unit + " are not for " + actorId);
            }
            LocalDate to = q.getTo().isEmpty() ? LocalDate.now(clock.withZone(zone)) : parse(q.getTo());
            LocalDate from = q.getFrom().isEmpty() ? to.minusDays(365) : parse(q.getFrom());
            return compute(unit, from, to).thenApply(c -> EventStats.newBuilder().setUnit(unit)
                    .setFrom(from.toString()).setTo(to.toString()).setReported(c.reported()).setValid(c.valid())
                    .setTransferred(c.transferred()).setClosed(c.closed()).setClosedOnTime(c.closedOnTime())
                    .setRated(c.rated()).setSatisfied(c.satisfied()).setFollowedUp(c.followedUp())
                    .setOverdue(c.overdue()).setRates(c.rates()).build());
        });
    }

    /** Counts of the events reported in [from, to] (days in the server's zone) at units within {@code unit}. */
    public CompletionStage<StatsCounts> compute(String unit, LocalDate from, LocalDate to) {
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days <= 0 || days > MAX_DAYS) {
            throw new EventRefusedException(Refusal.BAD_REQUEST, "period must be 1.." + MAX_DAYS + " days");
        }
        List<RedisFuture<Map<String, String>>> hashes = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            hashes.add(redis.hgetall(RedisKeys.eventDayStats(DAY.format(d))));
        }
        CompletableFuture<?>[] all = hashes.stream().map(RedisFuture::toCompletableFuture).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(all).thenApply(v -> {
            long[] sum = new long[StatsCounts.METRICS.length];
            Map<String, Boolean> inside = new HashMap<>();
            for (RedisFuture<Map<String, String>> f : hashes) {
                f.toCompletableFuture().join().forEach((field, value) -> {
                    int bar = field.lastIndexOf('|');
                    String u = field.substring(0, bar);
                    if (inside.computeIfAbsent(u, x -> directory.within(unit, x))) {
                        int i = StatsCounts.index(field.substring(bar + 1));
                        if (i >= 0) {
                            sum[i] += Long.parseLong(value);
                        }
                    }
                });
            }
            return StatsCounts.of(sum);
        });
    }

    private static LocalDate parse(String s) {
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new EventRefusedException(Refusal.BAD_REQUEST, "date must be YYYY-MM-DD: " + s);
        }
    }
}
