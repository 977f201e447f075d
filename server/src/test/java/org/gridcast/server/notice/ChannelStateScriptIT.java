package org.gridcast.server.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.gridcast.protocol.ChannelState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ChannelStateScriptIT extends NoticeRedisSupport {

    private int posts;

    private void postToUnit(String unit, int count) {
        for (int i = 0; i < count; i++) {
            await(store.postToUnit(unit, draft("n" + i), "post-" + posts++));
        }
    }

    private static ChannelState state(String channel, long head, long read, long start, long unread) {
        return ChannelState.newBuilder().setChannel(channel).setHead(head).setRead(read).setStart(start)
                .setUnread(unread).build();
    }

    @Test
    void aLaterMemberStartsAtTheHeadAndKeepsItsStart() {
        postToUnit("g-1", 3);
        List<ChannelState> joined = await(store.follow("r-new", List.of("u:g-1", "i:r-new")));
        postToUnit("g-1", 2);
        List<ChannelState> again = await(store.follow("r-new", List.of("u:g-1")));

        assertThat(joined).containsExactly(state("u:g-1", 3, 0, 3, 0), state("i:r-new", 0, 0, 0, 0));
        assertThat(again).containsExactly(state("u:g-1", 5, 0, 3, 2));
    }

    @Test
    void seededMembersFollowFromTheBeginning() {
        postToUnit("g-1", 3);
        assertThat(await(store.followFromStart("r-seed", List.of("u:g-1"))))
                .containsExactly(state("u:g-1", 3, 0, 0, 3));
        assertThat(await(store.follow("r-seed", List.of("u:g-1"))))
                .containsExactly(state("u:g-1", 3, 0, 0, 3));
    }

    @Test
    void unreadAddsUpAcrossChannelsAndStatesWriteNothing() {
        postToUnit("town", 4);
        postToUnit("g-1", 2);
        await(store.appendToInbox("r-1", draft("x"), "d-1"));
        List<String> channels = List.of("u:town", "u:g-1", "i:r-1", "c:none");
        await(store.followFromStart("r-1", channels));
        postToUnit("g-1", 1);
        await(store.markRead("r-1", "u:town", 3));

        assertThat(await(store.states("r-1", channels))).containsExactly(
                state("u:town", 4, 3, 0, 1), state("u:g-1", 3, 0, 0, 3),
                state("i:r-1", 1, 0, 0, 1), state("c:none", 0, 0, 0, 0));
        assertThat(await(store.unreadTotal("r-1", channels))).isEqualTo(5);

        assertThat(await(store.states("r-stranger", List.of("u:g-1")))).containsExactly(state("u:g-1", 3, 0, 0, 3));
        assertThat(sync.hexists("ch:{u:g-1}:start", "r-stranger")).isFalse();
    }

    @Test
    void unreadCountsOnlyAfterStartEvenWhenReadIsLower() {
        postToUnit("g-1", 5);
        await(store.follow("r-1", List.of("u:g-1")));
        postToUnit("g-1", 2);
        await(store.markRead("r-1", "u:g-1", 1));
        assertThat(await(store.states("r-1", List.of("u:g-1")))).containsExactly(state("u:g-1", 7, 1, 5, 2));
    }
}
