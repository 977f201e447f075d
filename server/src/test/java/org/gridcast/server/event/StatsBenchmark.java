package org.gridcast.server.event;

import org.gridcast.server.redis.RedisLink;
import java.time.Clock;
import java.time.LocalDate;
import org.gridcast.seeds.events.StreetYear;
import org.gridcast.seeds.events.StreetYearGenerator;
import org.gridcast.server.event.deadline.DeadlinePolicy;
import org.gridcast.server.event.stats.EventStatsService;
import org.gridcast.server.event.stats.StatsCounts;
import org.gridcast.server.redis.RedisConnector;
import org.gridcast.server.testing.TestRedis;

/**
 * Times stats over the generated year (24,473 events) for the whole street and for one
 * community, against a private redis-server. Not a test: it prints timings. Run after
 * {@code mvn -o -q -pl server -am test-compile} with
 * {@code java -cp server/target/test-classes:server/target/classes:protocol/target/classes:seeds/target/classes:<deps>
 * org.gridcast.server.event.StatsBenchmark}. On the 2-core dev machine (shared): import 8.1 s,
 * stats of the street over 2022 best 74 ms / mean 158 ms, of one community best 67 ms.
 */
public final class StatsBenchmark {
    private static final int ROUNDS = 20;

    private StatsBenchmark() {
    }

    public static void main(String[] args) {
        StreetYear year = StreetYearGenerator.generate(2022);
        SeedDirectory dir = new SeedDirectory(year.units(), year.members());
        TestRedis.flushAll();
        try (RedisConnector connector = new RedisConnector(TestRedis.uri());
             RedisLink<String, String> c = connector.connectStrings()) {
            EventStore store = new EventStore(c.async());
            long asOf = LocalDate.of(2023, 1, 1).atStartOfDay(year.zone()).toInstant().toEpochMilli();
            long t0 = System.nanoTime();
            EventFixture.await(new EventImporter(store, dir, DeadlinePolicy.standard(), year.zone())
                    .importAll(year.events(), asOf));
            System.out.printf("import of %d events: %d ms%n", year.events().size(), (System.nanoTime() - t0) / 1_000_000);
            EventStatsService stats = new EventStatsService(c.async(), dir, Clock.system(year.zone()), year.zone());
            LocalDate from = LocalDate.of(2022, 1, 1);
            LocalDate to = LocalDate.of(2022, 12, 31);
            for (String unit : new String[] {"qs", "qs-c05"}) {
                long best = Long.MAX_VALUE;
                long total = 0;
                StatsCounts last = null;
                for (int i = 0; i < ROUNDS; i++) {
                    long s = System.nanoTime();
                    last = EventFixture.await(stats.compute(unit, from, to));
                    long d = System.nanoTime() - s;
                    best = Math.min(best, d);
                    total += d;
                }
                System.out.printf("stats %s over 2022: best %.1f ms, mean %.1f ms over %d rounds -> %s%n", unit,
                        best / 1e6, total / 1e6 / ROUNDS, ROUNDS, last);
            }
        }
        System.exit(0);
    }
}
