package org.gridcast.server.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.SlotHash;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.gridcast.server.fanout.Routes;
import org.junit.jupiter.api.Test;

/**
 * Every key one script (or one multi-key command) touches lands in one Redis Cluster slot, as
 * Lettuce computes it. Each list is the keys the caller passes in KEYS, built the way the caller
 * builds them; ids are chosen so that without the hash tags they would spread over many slots.
 */
class RedisKeysSlotTest {
    private static final String UNIT = "qs-hanghailu-g3-m2";
    private static final String MEMBER = "qs-hanghailu-g3-m2-r17";
    private static final String SENDER = "qs-hanghailu-s1";

    private static Map<String, List<String>> keysPerScript() {
        Map<String, List<String>> m = new TreeMap<>();
        String unitChannel = "u:" + UNIT;
        m.put("post_unit", List.of(RedisKeys.log(unitChannel), RedisKeys.dedupe(unitChannel, "msg-1"), Routes.key(UNIT),
                RedisKeys.published(unitChannel, "msg-1")));
        for (String c : List.of("i:" + MEMBER, "o:" + SENDER, "c:cv42")) {
            m.put("append " + c, List.of(RedisKeys.log(c), RedisKeys.dedupe(c, "d-9"), RedisKeys.published(c, "d-9")));
            m.put("channel_state " + c, List.of(RedisKeys.log(c), RedisKeys.read(c), RedisKeys.start(c)));
            m.put("mark_read " + c, List.of(RedisKeys.log(c), RedisKeys.read(c)));
            m.put("confirm " + c, List.of(RedisKeys.log(c), RedisKeys.read(c), RedisKeys.confirm(c, 12)));
            m.put("receipts " + c, List.of(RedisKeys.start(c), RedisKeys.read(c), RedisKeys.confirm(c, 12),
                    RedisKeys.rcpt(c, 12), RedisKeys.remind(c, 12), RedisKeys.parties(c)));
        }
        String inbox = "i:" + MEMBER;
        m.put("inbox_copy", List.of(RedisKeys.log(inbox), RedisKeys.dedupe(inbox, "o:" + SENDER + "#7"),
                RedisKeys.presence(MEMBER), RedisKeys.published(inbox, "o:" + SENDER + "#7")));
        m.put("presence_claim/release", List.of(RedisKeys.presence(MEMBER)));
        m.put("revocations MGET", List.of(RedisKeys.revoked(MEMBER), RedisKeys.revokedDevice(MEMBER, "phone-2")));
        m.put("dir_add_member", List.of(RedisKeys.dirMember(MEMBER), RedisKeys.dirMembersOf(UNIT),
                RedisKeys.dirUnit(UNIT), RedisKeys.DIR_VERSION));
        m.put("dir_move_member", List.of(RedisKeys.dirMember(MEMBER), RedisKeys.dirUnit("qs-hanghailu-g1-m1"),
                RedisKeys.DIR_VERSION, RedisKeys.DIR_AUDIT, RedisKeys.dirMembersOf(UNIT),
                RedisKeys.dirMembersOf("qs-hanghailu-g1-m1")));
        m.put("dir_remove_member", List.of(RedisKeys.dirMember(MEMBER), RedisKeys.DIR_VERSION, RedisKeys.dirMembersOf(UNIT)));
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(RedisKeys.dirMember("m" + i));
            batch.add(RedisKeys.dirMembersOf("u" + (i % 7)));
        }
        m.put("dir_import_members", batch);
        m.put("directory (seeding)", List.of(RedisKeys.DIR_UNITS, RedisKeys.DIR_SEEDED, RedisKeys.DIR_SEEDING,
                RedisKeys.invite("ABCD-2345")));
        m.put("event_* (prefix and every key they build)", List.of(RedisKeys.EVENT_PREFIX, RedisKeys.event("E17"),
                RedisKeys.eventTimeline("E17"), RedisKeys.eventQueue("u:" + UNIT, "pending", 't'),
                RedisKeys.eventsByReporter(MEMBER), RedisKeys.eventDeadlines(), RedisKeys.eventDayStats("20261202")));
        m.put("node keys and its sharded channel", List.of(RedisKeys.lease("node-a"), RedisKeys.online("node-a"),
                RedisKeys.nodeRoutes("node-a"), RedisKeys.nodeChannel("node-a")));
        m.put("node_lease", List.of(RedisKeys.lease("node-a"), RedisKeys.nodeReaping("node-a")));
        m.put("node_reap_begin/end", List.of(RedisKeys.lease("node-a"), RedisKeys.nodeReaping("node-a"),
                RedisKeys.nodeRoutes("node-a"), RedisKeys.online("node-a")));
        m.put("node_seen, nodes_stale, nodes_forget", List.of(RedisKeys.NODES_SEEN));
        return m;
    }

    @Test
    void everyScriptsKeysShareOneSlot() {
        keysPerScript().forEach((script, keys) -> {
            Set<Integer> slots = keys.stream().map(SlotHash::getSlot).collect(Collectors.toSet());
            assertThat(slots).as("slots of %s: %s", script, keys).hasSize(1);
        });
    }

    @Test
    void theTagsSpreadChannelsAndMembersOverSlots() {
        // without a tag per channel and member, everything would sit in a few slots
        Set<Integer> slots = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            slots.add(SlotHash.getSlot(RedisKeys.log("u:unit-" + i)));
            slots.add(SlotHash.getSlot(RedisKeys.presence("member-" + i)));
        }
        assertThat(slots.size()).isGreaterThan(350);
    }

    @Test
    void aUnitsRouteSitsWithItsChannelAndAMembersPresenceWithItsInbox() {
        assertThat(SlotHash.getSlot(RedisKeys.route(UNIT))).isEqualTo(SlotHash.getSlot(RedisKeys.log("u:" + UNIT)));
        assertThat(SlotHash.getSlot(RedisKeys.presence(MEMBER))).isEqualTo(SlotHash.getSlot(RedisKeys.log("i:" + MEMBER)));
        assertThat(SlotHash.getSlot(RedisKeys.route(UNIT))).isNotEqualTo(SlotHash.getSlot(RedisKeys.route(UNIT + "x")));
    }
}
