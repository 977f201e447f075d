package org.gridcast.server.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.gridcast.server.redis.RedisLink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.seeds.BuiltInSeeds;
import org.gridcast.seeds.Role;
import org.gridcast.seeds.SeedSources;
import org.gridcast.seeds.UnitKind;
import org.gridcast.server.GridcastException;
import org.gridcast.server.redis.RedisConnector;
import org.gridcast.server.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class DirectoryStoreIT {
    private static final Instant T0 = Instant.parse("2024-03-01T08:00:00Z");
    private static RedisConnector connector;
    private static RedisLink<String, byte[]> connection;

    private MutableClock clock;
    private DirectoryStore store;
    private UnitTree tree;

    @BeforeAll
    static void connect() {
        connector = new RedisConnector(TestRedis.uri());
        connection = connector.connect();
    }

    @AfterAll
    static void close() {
        connection.close();
        connector.close();
    }

    @BeforeEach
    void seed() {
        TestRedis.flushAll();
        clock = new MutableClock(T0);
        store = new DirectoryStore(connection, clock);
        ImportResult result = get(store.importIfEmpty(BuiltInSeeds.source()));
        assertThat(result.imported()).isTrue();
        assertThat(result.units()).isEqualTo(405);
        assertThat(result.members()).isEqualTo(21_847);
        tree = get(store.loadTree());
    }

    @Test
    void treeHasTheBuiltInShape() {
        assertThat(tree.size()).isEqualTo(405);
        assertThat(tree.children("sq")).hasSize(21).allMatch(u -> u.kind() == UnitKind.COMMUNITY);
        assertThat(tree.children("qs-hanghailu")).filteredOn(u -> u.kind() == UnitKind.GRID).hasSize(7);
        assertThat(tree.children("qs-hanghailu")).filteredOn(u -> u.kind() == UnitKind.DEPARTMENT).hasSize(1);
        assertThat(tree.subtree("qs-hanghailu").stream()
                .filter(u -> tree.unit(u).orElseThrow().kind() == UnitKind.MICROGRID)).hasSize(39);
        assertThat(tree.unit("sq-laisuzhou")).contains(new UnitInfo("sq-laisuzhou", "sq", UnitKind.COMMUNITY, "来苏周村"));
        assertThat(tree.ancestorsOrSelf("qs-hanghailu-g3-m2")).containsExactly("qs-hanghailu-g3-m2", "qs-hanghailu-g3", "qs-hanghailu", "qs");
    }

    @Test
    void importRunsOnce() {
        ImportResult again = get(store.importIfEmpty(SeedSources.open("synthetic:500")));
        assertThat(again.imported()).isFalse();
        assertThat(again.members()).isZero();
        assertThat(again.marker()).isEqualTo("builtin units=405 members=21847");
        assertThat(get(store.loadTree()).size()).isEqualTo(405);
        assertThat(get(store.member("t1-c1-s1"))).isEmpty();
        assertThat(get(store.version())).isEqualTo(1);
    }

    @Test
    void looksUpMembers() {
        assertThat(get(store.member("qs-hanghailu-s1"))).contains(
                new MemberInfo("qs-hanghailu-s1", "qs-hanghailu", Role.COMMUNITY_STAFF, "王海民", "", T0.toEpochMilli()));
        assertThat(get(store.member("operator")).orElseThrow().role()).isEqualTo(Role.OPERATOR);
        assertThat(get(store.member("nobody"))).isEmpty();
        assertThat(get(store.member("bad key*"))).isEmpty();
        List<MemberInfo> batch = get(store.members(List.of("sq-laisuzhou-g1-m1-l", "nobody", "operator", "sq-laisuzhou-g1-m1-f1")));
        assertThat(batch).extracting(MemberInfo::id).containsExactly("sq-laisuzhou-g1-m1-l", "operator", "sq-laisuzhou-g1-m1-f1");
        assertThat(batch.get(2).tag()).isEqualTo("floating");
    }

    @Test
    void subtreeMembersAreExact() {
        List<String> village = get(store.memberIdsOfSubtree(tree, "sq-laisuzhou"));
        // 2,066 registered + 2,980 floating + 60 shops + 36 leaders + 6 grid workers + 3 staff
        assertThat(village).hasSize(2066 + 2980 + 60 + 36 + 6 + 3).doesNotHaveDuplicates();
        List<MemberInfo> infos = new ArrayList<>();
        for (int i = 0; i < village.size(); i += DirectoryStore.MAX_BATCH) {
            infos.addAll(get(store.members(village.subList(i, Math.min(village.size(), i + DirectoryStore.MAX_BATCH)))));
        }
        assertThat(infos.stream().filter(m -> m.role() == Role.RESIDENT && m.tag().isEmpty())).hasSize(2066);
        assertThat(infos.stream().filter(m -> m.tag().equals("floating"))).hasSize(2980);
        assertThat(get(store.memberIdsOfSubtree(tree, "qs-hanghailu-g7-m5"))).hasSize(1 + (2730 + 550) / 39);
        assertThat(get(store.memberIdsOfSubtree(tree, "sq")).size() + get(store.memberIdsOfSubtree(tree, "qs")).size())
                .isEqualTo(21_847);
        assertThat(failure(store.memberIdsOfSubtree(tree, "nope")).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void moveUpdatesBothUnitSets() {
        MemberInfo moved = get(store.moveMember("sq-chuanfang-g1-m1-r1", "sq-chuanfang-g2-m1", "operator"));
        assertThat(moved.unit()).isEqualTo("sq-chuanfang-g2-m1");
        assertThat(moved.role()).isEqualTo(Role.RESIDENT);
        assertThat(get(store.member("sq-chuanfang-g1-m1-r1"))).contains(moved);
        assertThat(get(store.memberIdsOfSubtree(tree, "sq-chuanfang-g1-m1"))).doesNotContain("sq-chuanfang-g1-m1-r1");
        assertThat(get(store.memberIdsOfSubtree(tree, "sq-chuanfang-g2-m1"))).contains("sq-chuanfang-g1-m1-r1");
        assertThat(get(store.memberIdsOfSubtree(tree, "sq-chuanfang"))).containsOnlyOnce("sq-chuanfang-g1-m1-r1");
        assertThat(get(store.version())).isEqualTo(2);

        MemberInfo leader = get(store.moveMember("sq-chuanfang-g1-m1-l", "sq-chuanfang-g1-m2", "operator"));
        assertThat(leader.role()).isEqualTo(Role.MICROGRID_LEADER);

        assertThat(failure(store.moveMember("sq-chuanfang-g1-m1-r2", "sq-chuanfang-g1", "operator")).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(failure(store.moveMember("nobody", "sq-chuanfang-g1-m2", "operator")).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(failure(store.moveMember("sq-chuanfang-g1-m1-r2", "nowhere", "operator")).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(get(store.version())).isEqualTo(3);
    }

    @Test
    void addAndRemove() {
        MemberInfo added = get(store.addMember(new MemberInfo("new-1", "sq-dujia-g1-m1", Role.RESIDENT, "沈小梅", "floating", 0)));
        assertThat(added.joinedAtMs()).isEqualTo(T0.toEpochMilli());
        assertThat(get(store.member("new-1"))).contains(added);
        assertThat(get(store.memberIdsOfSubtree(tree, "sq-dujia-g1-m1"))).contains("new-1");
        assertThat(failure(store.addMember(added)).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(failure(store.addMember(new MemberInfo("new-2", "nowhere", Role.RESIDENT, "x", "", 0))).code())
                .isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(failure(store.addMember(new MemberInfo("new 3", "sq-dujia-g1-m1", Role.RESIDENT, "x", "", 0))).code())
                .isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(get(store.version())).isEqualTo(2);

        assertThat(get(store.removeMember("new-1"))).contains(added);
        assertThat(get(store.member("new-1"))).isEmpty();
        assertThat(get(store.memberIdsOfSubtree(tree, "sq-dujia-g1-m1"))).doesNotContain("new-1");
        assertThat(get(store.removeMember("new-1"))).isEmpty();
        assertThat(get(store.version())).isEqualTo(3);
    }

    @Test
    void pagesWalkTheSubtreeOnceInAStableOrder() {
        List<String> expectedMembers = new ArrayList<>();
        for (String unit : tree.subtree("qs-hanghailu-g1")) {
            List<String> ids = new ArrayList<>(get(store.memberIdsOfSubtree(tree, unit)).stream()
                    .filter(id -> get(store.member(id)).orElseThrow().unit().equals(unit)).toList());
            ids.sort(null);
            expectedMembers.addAll(ids);
        }
        List<UnitInfo> units = new ArrayList<>();
        List<String> members = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            DirectoryPage page = get(store.page(tree, "qs-hanghailu-g1", token, 37));
            assertThat(page.units().size() + page.members().size()).isLessThanOrEqualTo(37);
            units.addAll(page.units());
            page.members().forEach(m -> members.add(m.id()));
            token = page.nextPageToken();
            pages++;
        } while (!token.isEmpty());
        int total = 7 + expectedMembers.size();
        assertThat(pages).isEqualTo((total + 36) / 37);
        assertThat(units).extracting(UnitInfo::id).containsExactlyElementsOf(tree.subtree("qs-hanghailu-g1"));
        assertThat(members).containsExactlyElementsOf(expectedMembers);
        assertThat(new HashSet<>(members)).hasSize(members.size());
    }

    @Test
    void unitOnlyPagesAndErrors() {
        DirectoryPage first = get(store.page(tree, "sq", "", 10, false));
        assertThat(first.units()).extracting(UnitInfo::id).containsExactlyElementsOf(tree.subtree("sq").subList(0, 10));
        assertThat(first.members()).isEmpty();
        Set<String> seen = new HashSet<>();
        String token = "";
        do {
            DirectoryPage page = get(store.page(tree, "sq", token, 1000, false));
            page.units().forEach(u -> seen.add(u.id()));
            token = page.nextPageToken();
        } while (!token.isEmpty());
        assertThat(seen).hasSize(tree.subtree("sq").size());
        DirectoryPage exact = get(store.page(tree, "sq-dujia-g1-m1", "", 1, false));
        assertThat(exact.isLast()).isTrue();

        assertThat(failure(store.page(tree, "sq", "garbage!", 10)).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(failure(store.page(tree, "sq-dujia", first.nextPageToken(), 10)).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(failure(store.page(tree, "sq", "", 1001)).code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertThat(failure(store.page(tree, "nope", "", 10)).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    static <T> T get(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static GridcastException failure(CompletionStage<?> stage) {
        assertThatThrownBy(() -> stage.toCompletableFuture().get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(GridcastException.class);
        try {
            stage.toCompletableFuture().get();
            throw new AssertionError("no failure");
        } catch (ExecutionException e) {
            return (GridcastException) e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
