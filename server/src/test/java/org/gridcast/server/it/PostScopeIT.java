package org.gridcast.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridcast.server.it.Town.*;

import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Who may post where: role and scope come from the directory, and a refused post stores nothing. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostScopeIT {
    private ItServer server;

    @BeforeEach
    void start() throws Exception {
        server = ItServer.start(SEEDS);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void residentCannotPost() throws Exception {
        TreeSet<String> before = server.channelKeys();
        try (Wire resident = server.raw(resident(M1, 1), "phone")) {
            assertThat(resident.error(Requests.toUnit(M1, "居民发通知"))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(resident.error(Requests.toMembers(List.of(resident(M1, 2)), Requests.body("私信"), "p")))
                    .isEqualTo(ErrorCode.FORBIDDEN);
        }
        assertThat(server.head(unit(M1))).isZero();
        assertThat(server.head(outbox(resident(M1, 1)))).isZero();
        assertThat(server.channelKeys()).isEqualTo(before);
    }

    @Test
    void staffPostOnlyInsideTheirSubtree() throws Exception {
        TreeSet<String> before = server.channelKeys();
        try (Wire worker = server.raw(G1_WORKER, "desk"); Wire community = server.raw(COMMUNITY_STAFF, "desk")) {
            assertThat(worker.error(Requests.toUnit(G2, "隔壁网格"))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(worker.error(Requests.toUnit(G2M1, "隔壁微网格"))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(worker.error(Requests.toUnit(COMMUNITY, "上级"))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(worker.error(Requests.toMembers(List.of(resident(M1, 1), resident(G2M1, 1)),
                    Requests.body("混合"), "mixed"))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(community.error(Requests.toUnit(TOWN, "全镇"))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(community.error(Requests.toMembers(List.of(TOWN_STAFF), Requests.body("给镇里"), "up")))
                    .isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(server.channelKeys()).isEqualTo(before);

            assertThat(worker.ok(Requests.toUnit(M1, "本网格微网格")).getNoticePosted().getSeq()).isEqualTo(1);
            assertThat(worker.ok(Requests.toUnit(G1, "本网格")).getNoticePosted().getSeq()).isEqualTo(1);
            assertThat(community.ok(Requests.toUnit(G2M1, "社区到微网格")).getNoticePosted().getSeq()).isEqualTo(1);
        }
        assertThat(server.head(unit(G2))).isZero();
        assertThat(server.head(unit(COMMUNITY))).isZero();
        assertThat(server.head(unit(TOWN))).isZero();
        assertThat(server.head(outbox(G1_WORKER))).isZero();
        assertThat(server.head(inbox(resident(G2M1, 1)))).isZero();
        assertThat(server.head(inbox(TOWN_STAFF))).isZero();
    }

    @Test
    void unknownUnitOrMemberIsNotFound() throws Exception {
        TreeSet<String> before = server.channelKeys();
        try (Wire community = server.raw(COMMUNITY_STAFF, "desk")) {
            assertThat(community.error(Requests.toUnit("t1-c9", "不存在"))).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(community.error(Requests.toMembers(List.of(resident(M1, 1), "nobody"), Requests.body("查无此人"), "nf")))
                    .isEqualTo(ErrorCode.NOT_FOUND);
        }
        assertThat(server.head(unit("t1-c9"))).isZero();
        assertThat(server.head(inbox(resident(M1, 1)))).isZero();
        assertThat(server.channelKeys()).isEqualTo(before);
    }

    @Test
    void leaderPostsOnlyToTheirMicrogrid() throws Exception {
        try (Wire leader = server.raw(M1_LEADER, "phone")) {
            assertThat(leader.error(Requests.toUnit(M2, "别的微网格"))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(leader.error(Requests.toUnit(G1, "上级网格"))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(leader.error(Requests.toMembers(List.of(resident(M2, 1)), Requests.body("别的微网格居民"), "x")))
                    .isEqualTo(ErrorCode.FORBIDDEN);

            assertThat(leader.ok(Requests.toUnit(M1, "本微网格")).getNoticePosted().getSeq()).isEqualTo(1);
            assertThat(leader.ok(Requests.toMembers(List.of(resident(M1, 7)), Requests.body("本微网格居民"), "y"))
                    .getNoticePosted().getRecipients()).isEqualTo(1);
        }
        assertThat(server.head(unit(M1))).isEqualTo(1);
        assertThat(server.head(inbox(resident(M1, 7)))).isEqualTo(1);
        assertThat(server.head(unit(M2))).isZero();
        assertThat(server.head(unit(G1))).isZero();
        assertThat(server.head(inbox(resident(M2, 1)))).isZero();
    }
}
