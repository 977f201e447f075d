package org.gridcast.server.event.consult;

import org.gridcast.server.redis.RedisKeys;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Conversation metadata in Redis (the messages live in the {@link ConversationLog}):
 * {@code cv:<id>} hash (resident, staff, community, opened, waiting), {@code cv:pair:<resident>:<staff>}
 * → id so a resident has one conversation per staff member, {@code cv:by:<member>} sorted set of
 * a member's conversations by last activity.
 */
public final class ConversationStore {
    public static final String RESIDENT = "resident", STAFF = "staff", COMMUNITY = "community", OPENED = "opened",
            WAITING = "waiting";

    private final RedisClusterAsyncCommands<String, String> redis;

    public ConversationStore(RedisClusterAsyncCommands<String, String> redis) {
        this.redis = redis;
    }

    public record Conversation(String id, String resident, String staff, String community, long openedAt, long waitingSince) {
        static Conversation of(String id, Map<String, String> h) {
            return new Conversation(id, h.get(RESIDENT), h.get(STAFF), h.getOrDefault(COMMUNITY, ""),
                    Long.parseLong(h.getOrDefault(OPENED, "0")), Long.parseLong(h.getOrDefault(WAITING, "0")));
        }

        public boolean isParty(String member) {
            return member.equals(resident) || member.equals(staff);
        }
    }

    public CompletionStage<Optional<Conversation>> get(String id) {
        return redis.hgetall(RedisKeys.conversation(id)).thenApply(h -> h.isEmpty() ? Optional.<Conversation>empty()
                : Optional.of(Conversation.of(id, h)));
    }

    /** The resident's conversation with that staff member, opened if there is none (race-free: SETNX on the pair). */
    public CompletionStage<Conversation> openOrGet(String resident, String staff, String community, long now) {
        String pair = RedisKeys.conversationPair(resident, staff);
        return redis.get(pair).thenCompose(existing -> {
            if (existing != null) {
                return get(existing).thenApply(Optional::orElseThrow);
            }
            return redis.incr(RedisKeys.conversationSeq()).thenCompose(n -> {
                String id = "C" + n;
                return redis.setnx(pair, id).thenCompose(won -> {
                    if (!won) {
                        return redis.get(pair).thenCompose(other -> get(other).thenApply(Optional::orElseThrow));
                    }
                    return redis.hset(RedisKeys.conversation(id), Map.of(RESIDENT, resident, STAFF, staff, COMMUNITY, community,
                                    OPENED, Long.toString(now), WAITING, "0"))
                            .thenCompose(x -> touch(id, List.of(resident, staff), now))
                            .thenApply(x -> new Conversation(id, resident, staff, community, now, 0));
                });
            });
        });
    }

    /** Records who spoke last: a resident's first unanswered message starts the clock, a staff reply stops it. */
    public CompletionStage<Void> spoke(Conversation c, String sender, long now) {
        CompletionStage<?> w;
        if (sender.equals(c.resident())) {
            w = c.waitingSince() == 0 ? redis.hset(RedisKeys.conversation(c.id()), WAITING, Long.toString(now))
                    : CompletableFuture.completedFuture(null);
        } else {
            w = redis.hset(RedisKeys.conversation(c.id()), WAITING, "0");
        }
        return w.thenCompose(x -> touch(c.id(), List.of(c.resident(), c.staff()), now));
    }

    public CompletionStage<Void> handOver(Conversation c, String to, long now) {
        return redis.hset(RedisKeys.conversation(c.id()), STAFF, to)
                .thenCompose(x -> redis.set(RedisKeys.conversationPair(c.resident(), to), c.id()))
                .thenCompose(x -> redis.del(RedisKeys.conversationPair(c.resident(), c.staff())))
                .thenCompose(x -> redis.zrem(RedisKeys.conversationsOf(c.staff()), c.id()))
                .thenCompose(x -> touch(c.id(), List.of(c.resident(), to), now));
    }

    public CompletionStage<List<String>> of(String member, int limit) {
        return redis.zrevrange(RedisKeys.conversationsOf(member), 0, limit - 1L);
    }

    private CompletionStage<Void> touch(String id, List<String> members, long now) {
        CompletableFuture<?>[] all = members.stream()
                .map(m -> redis.zadd(RedisKeys.conversationsOf(m), (double) now, id).toCompletableFuture()).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(all);
    }
}
