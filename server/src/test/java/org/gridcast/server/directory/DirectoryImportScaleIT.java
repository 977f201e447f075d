package org.gridcast.server.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridcast.server.directory.DirectoryStoreIT.get;

import org.gridcast.server.redis.RedisLink;
import java.time.Clock;
import org.gridcast.seeds.SyntheticTown;
import org.gridcast.server.redis.RedisConnector;
import org.gridcast.server.testing.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a synthetic town and checks every level's audience against its plan. The size is
 * {@code -Dgridcast.importScale=N} residents (default 50,000; run with 1000000 to measure a
 * million-member import); the time is logged, not asserted.
 */
@Timeout(300)
class DirectoryImportScaleIT {
    private static final Logger log = LoggerFactory.getLogger(DirectoryImportScaleIT.class);

    @Test
    void syntheticTownAudiencesMatchThePlan() {
        int residents = Integer.getInteger("gridcast.importScale", 50_000);
        TestRedis.flushAll();
        try (RedisConnector connector = new RedisConnector(TestRedis.uri());
             RedisLink<String, byte[]> connection = connector.connect()) {
            DirectoryStore store = new DirectoryStore(connection, Clock.systemUTC());
            SyntheticTown town = new SyntheticTown(residents, 5);
            SyntheticTown.Plan plan = town.plan();

            ImportResult result = get(store.importIfEmpty(town));
            log.info("imported {} units and {} members in {} ms", result.units(), result.members(), result.elapsedMs());
            assertThat(result.units()).isEqualTo(plan.units());
            assertThat(result.members()).isEqualTo(plan.members());

            UnitTree tree = get(store.loadTree());
            assertThat(tree.size()).isEqualTo(plan.units());
            assertThat(get(store.memberIdsOfSubtree(tree, SyntheticTown.TOWN_ID))).hasSize((int) plan.members());
            int last = plan.communities();
            assertThat(get(store.memberIdsOfSubtree(tree, SyntheticTown.community(last))))
                    .hasSize((int) plan.membersOfCommunity(last));
            assertThat(get(store.memberIdsOfSubtree(tree, SyntheticTown.grid(1, 2)))).hasSize((int) plan.membersOfGrid(1, 2));
            assertThat(get(store.memberIdsOfSubtree(tree, SyntheticTown.microgrid(1, 1, 3))))
                    .hasSize((int) plan.membersOfMicrogrid(1, 1, 3));
            assertThat(get(store.member(SyntheticTown.microgrid(1, 1, 1) + "-r1"))).isPresent();
        } finally {
            TestRedis.flushAll();
        }
    }
}
