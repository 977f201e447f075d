package org.gridcast.server.it;

import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.server.redis.RedisLink;

/**
 * A small deployment as the version before hash-tagged keys left it in Redis (commit 57d2c11's
 * parent, as merged on main at 8686199), written key by key with the names that version used:
 * 老街社区 with one grid and one micro-grid, a community staff member, a micro-grid leader and
 * two residents; three notices to the community (the first confirmed by {@link #R1}, who read
 * it), a point-to-point notice in R1's inbox; revocations, an open invite, a stale node's
 * presence, routes, lease and counts; an event counter and a consultation counter, whose names
 * never changed.
 *
 * <p>Every renamed key is recorded with the new name this test expects, spelled out here by
 * hand ({@link #renamed}); the names that did not change are in {@link #unchanged}.
 */
final class OldLayout {
    static final String TOWN = "old-t";
    static final String COMMUNITY = "old-c";
    static final String GRID = "old-c-g1";
    static final String MICROGRID = "old-c-g1-m1";
    static final String STAFF = "old-c-s1";
    static final String LEADER = "old-c-g1-m1-l";
    static final String R1 = "old-c-g1-m1-r1";
    static final String R2 = "old-c-g1-m1-r2";
    static final String NODE = "n-0ld0ld00";
    static final String INVITE = "7KQ2MXP9AZ";
    /** What the old seed import wrote into {@code dir:seeded}. */
    static final String SEEDED = "老街社区 units=4 members=4";
    static final List<String> TITLES = List.of("停水通知", "燃气管道检修", "垃圾分类宣传周");
    static final String DIRECT_TITLE = "入户走访";
    static final Duration INVITE_TTL = Duration.ofHours(72);
    static final Duration LEASE_TTL = Duration.ofMinutes(10);

    /** Old name → the new name this version must find it under. */
    final Map<String, String> renamed = new LinkedHashMap<>();
    final List<String> unchanged = new java.util.ArrayList<>();
    private final RedisClusterCommands<String, byte[]> redis;
    private final long now = System.currentTimeMillis();

    private OldLayout(RedisLink<String, byte[]> link) {
        this.redis = link.sync();
    }

    /**
     * Writes the deployment. {@code r2RevokedAt} and {@code r1OldPhoneRevokedAt} are the
     * revocation times: tokens issued at or before them are refused.
     */
    static OldLayout write(RedisLink<String, byte[]> link, long r2RevokedAt, long r1OldPhoneRevokedAt) {
        OldLayout d = new OldLayout(link);
        d.directory();
        d.notices();
        d.security(r2RevokedAt, r1OldPhoneRevokedAt);
        d.liveState();
        d.unchangedCounters();
        return d;
    }

    private void directory() {
        unit(TOWN, "", "TOWN", "老镇街道");
        unit(COMMUNITY, TOWN, "COMMUNITY", "老街社区");
        unit(GRID, COMMUNITY, "GRID", "老街第一网格");
        unit(MICROGRID, GRID, "MICROGRID", "老街一号微网格");
        redis.sadd("dir:units", b(TOWN), b(COMMUNITY), b(GRID), b(MICROGRID));
        renamed.put("dir:units", "dir:{dir}:units");
        member(STAFF, COMMUNITY, "COMMUNITY_STAFF", "王主任", "");
        member(LEADER, MICROGRID, "MICROGRID_LEADER", "陈组长", "");
        member(R1, MICROGRID, "RESIDENT", "李大妈", "");
        member(R2, MICROGRID, "RESIDENT", "张师傅", "floating");
        redis.set("dir:seeded", b(SEEDED));
        renamed.put("dir:seeded", "dir:{dir}:seeded");
        redis.set("dir:version", b("9"));
        renamed.put("dir:version", "dir:{dir}:version");
        redis.xadd("dir:audit", Map.of("actor", b(STAFF), "action", b("move"), "member", b(R2), "from", b(GRID),
                "to", b(MICROGRID), "at", b(Long.toString(now - 86_400_000L))));
        renamed.put("dir:audit", "dir:{dir}:audit");
    }

    private void unit(String id, String parent, String kind, String name) {
        Map<String, byte[]> h = new LinkedHashMap<>();
        h.put("parent", b(parent));
        h.put("kind", b(kind));
        h.put("name", b(name));
        redis.hset("dir:unit:" + id, h);
        renamed.put("dir:unit:" + id, "dir:{dir}:unit:" + id);
    }

    private void member(String id, String unit, String role, String name, String tag) {
        Map<String, byte[]> h = new LinkedHashMap<>();
        h.put("unit", b(unit));
        h.put("role", b(role));
        h.put("name", b(name));
        h.put("tag", b(tag));
        h.put("joined", b(Long.toString(now - 30 * 86_400_000L)));
        redis.hset("dir:member:" + id, h);
        renamed.put("dir:member:" + id, "dir:{dir}:member:" + id);
        redis.sadd("dir:members:" + unit, b(id));
        renamed.put("dir:members:" + unit, "dir:{dir}:members:" + unit);
    }

    /** Channel keys kept their names (they were hash-tagged already); they are what the badge is made of. */
    private void notices() {
        String channel = "u:" + COMMUNITY;
        String log = "ch:{" + channel + "}:log";
        for (int seq = 1; seq <= TITLES.size(); seq++) {
            Notice n = Notice.newBuilder().setChannel(channel).setSeq(seq).setUnit(COMMUNITY).setSender(STAFF)
                    .setSenderName("王主任").setPostedAtMs(now - 3_600_000L + seq)
                    .setBody(NoticeBody.newBuilder().setTitle(TITLES.get(seq - 1)).setText("请各位居民相互转告。")
                            .setNeedsConfirm(seq == 1))
                    .setKind("notice").build();
            redis.hset(log, Integer.toString(seq), n.toByteArray());
        }
        redis.hset(log, "head", b(Integer.toString(TITLES.size())));
        redis.hset("ch:{" + channel + "}:read", R1, b("1"));
        for (String m : List.of(STAFF, LEADER, R1, R2)) {
            redis.hset("ch:{" + channel + "}:start", m, b("0"));
        }
        redis.sadd("ch:{" + channel + "}:confirm:1", b(R1));
        unchanged.addAll(List.of(log, "ch:{" + channel + "}:read", "ch:{" + channel + "}:start",
                "ch:{" + channel + "}:confirm:1"));

        String outbox = "o:" + STAFF;
        String inbox = "i:" + R1;
        NoticeBody body = NoticeBody.newBuilder().setTitle(DIRECT_TITLE).setText("明天上午来访，请在家。").build();
        Notice sent = Notice.newBuilder().setChannel(outbox).setSeq(1).setSender(STAFF).setSenderName("王主任")
                .setPostedAtMs(now - 600_000L).setBody(body).setKind("notice").build();
        redis.hset("ch:{" + outbox + "}:log", Map.of("1", sent.toByteArray(), "head", b("1")));
        redis.hset("ch:{" + outbox + "}:rcpt:1", R1, b(inbox + " 1"));
        Notice copy = sent.toBuilder().setChannel(inbox).setOriginChannel(outbox).setOriginSeq(1).build();
        redis.hset("ch:{" + inbox + "}:log", Map.of("1", copy.toByteArray(), "head", b("1")));
        redis.hset("ch:{" + inbox + "}:start", R1, b("0"));
        unchanged.addAll(List.of("ch:{" + outbox + "}:log", "ch:{" + outbox + "}:rcpt:1", "ch:{" + inbox + "}:log",
                "ch:{" + inbox + "}:start"));
    }

    private void security(long r2RevokedAt, long r1OldPhoneRevokedAt) {
        redis.set("revoked:" + R2, b(Long.toString(r2RevokedAt)));
        renamed.put("revoked:" + R2, "revoked:{i:" + R2 + "}");
        redis.set("revoked:" + R1 + ":old-phone", b(Long.toString(r1OldPhoneRevokedAt)));
        renamed.put("revoked:" + R1 + ":old-phone", "revoked:{i:" + R1 + "}:old-phone");
        Map<String, byte[]> invite = new LinkedHashMap<>();
        invite.put("unit", b(MICROGRID));
        invite.put("name", b(""));
        invite.put("member", b(""));
        invite.put("issuer", b(STAFF));
        invite.put("expires", b(Long.toString(now + INVITE_TTL.toMillis())));
        invite.put("issuerRole", b("COMMUNITY_STAFF"));
        redis.hset("invite:" + INVITE, invite);
        redis.pexpire("invite:" + INVITE, INVITE_TTL.toMillis());
        renamed.put("invite:" + INVITE, "dir:{dir}:invite:" + INVITE);
    }

    /** What a node that stopped without cleaning up leaves: presence, routes, its lease and counts. */
    private void liveState() {
        redis.hset("presence:" + R1, "phone", b(NODE));
        renamed.put("presence:" + R1, "presence:{i:" + R1 + "}");
        for (String unit : List.of(COMMUNITY, MICROGRID)) {
            redis.sadd("route:" + unit, b(NODE));
            renamed.put("route:" + unit, "route:{u:" + unit + "}");
        }
        redis.set("node:" + NODE + ":lease", b("1"), SetArgs.Builder.px(LEASE_TTL.toMillis()));
        renamed.put("node:" + NODE + ":lease", "node:{node:" + NODE + "}:lease");
        redis.hset("node:" + NODE + ":online", Map.of(COMMUNITY, b("1"), MICROGRID, b("1")));
        renamed.put("node:" + NODE + ":online", "node:{node:" + NODE + "}:online");
        redis.sadd("node:" + NODE + ":routes", b(COMMUNITY), b(MICROGRID));
        renamed.put("node:" + NODE + ":routes", "node:{node:" + NODE + "}:routes");
    }

    private void unchangedCounters() {
        redis.set("ev:{ev}:seq", b("4"));
        redis.set("cv:seq", b("2"));
        unchanged.addAll(List.of("ev:{ev}:seq", "cv:seq"));
    }

    /** Every key written. */
    int keys() {
        return renamed.size() + unchanged.size();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
