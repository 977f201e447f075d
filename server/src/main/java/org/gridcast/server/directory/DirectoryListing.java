package org.gridcast.server.directory;

import org.gridcast.server.redis.RedisKeys;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Fills one directory page: walks the subtree's units in order, each followed by its members
 * sorted by id, fetching member sets {@link DirectoryStore#PAGE_CHUNK} units per round trip,
 * until the page is full. One instance per request.
 */
final class DirectoryListing {
    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final UnitTree tree;
    private final List<String> units;
    private final boolean includeMembers;
    private int remaining;

    private final List<UnitInfo> outUnits = new ArrayList<>();
    private final List<String> outMembers = new ArrayList<>();
    private PageToken last;
    private boolean more;

    DirectoryListing(RedisClusterAsyncCommands<String, byte[]> redis, UnitTree tree, List<String> units, int limit,
                     boolean includeMembers) {
        this.redis = redis;
        this.tree = tree;
        this.units = units;
        this.remaining = limit;
        this.includeMembers = includeMembers;
    }

    /**
     * @param index first unit to look at
     * @param headerDone that unit's own entry was on an earlier page
     * @param after members of that unit up to this id were on an earlier page
     */
    CompletionStage<Void> fill(int index, boolean headerDone, String after) {
        int end = Math.min(index + DirectoryStore.PAGE_CHUNK, units.size());
        return memberSets(index, end).thenCompose(sets -> {
            boolean done = headerDone;
            String skip = after;
            for (int i = index; i < end; i++) {
                String unit = units.get(i);
                if (!done) {
                    if (remaining == 0) {
                        more = true;
                        return CompletableFuture.completedFuture(null);
                    }
                    outUnits.add(tree.unit(unit).orElseThrow());
                    remaining--;
                    last = PageToken.afterUnit(unit);
                }
                List<String> members = sets.get(i - index);
                int from = 0;
                while (from < members.size() && !skip.isEmpty() && members.get(from).compareTo(skip) <= 0) {
                    from++;
                }
                int take = Math.min(remaining, members.size() - from);
                if (take > 0) {
                    outMembers.addAll(members.subList(from, from + take));
                    remaining -= take;
                    last = new PageToken(unit, members.get(from + take - 1));
                }
                if (from + take < members.size()) {
                    more = true;
                    return CompletableFuture.completedFuture(null);
                }
                done = false;
                skip = "";
            }
            if (end == units.size()) {
                return CompletableFuture.completedFuture(null);
            }
            if (remaining == 0) {
                more = true;
                return CompletableFuture.completedFuture(null);
            }
            return fill(end, false, "");
        });
    }

    List<String> memberIds() {
        return outMembers;
    }

    /** The page, given the member records found for {@link #memberIds()} (removed ones are gone). */
    DirectoryPage page(List<MemberInfo> members) {
        return new DirectoryPage(outUnits, members, more && last != null ? last.encode() : "");
    }

    /** Sorted member ids of units [from, to), or empty lists when members are not listed. */
    private CompletionStage<List<List<String>>> memberSets(int from, int to) {
        List<List<String>> empty = new ArrayList<>();
        if (!includeMembers) {
            for (int i = from; i < to; i++) {
                empty.add(List.of());
            }
            return CompletableFuture.completedFuture(empty);
        }
        List<RedisFuture<Set<byte[]>>> sets = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            sets.add(redis.smembers(RedisKeys.dirMembersOf(units.get(i))));
        }
        return DirectoryStore.allOf(sets).thenApply(v -> {
            List<List<String>> sorted = new ArrayList<>(sets.size());
            for (RedisFuture<Set<byte[]>> set : sets) {
                List<String> ids = new ArrayList<>();
                for (byte[] id : set.toCompletableFuture().join()) {
                    ids.add(DirectoryCodec.text(id));
                }
                ids.sort(null);
                sorted.add(ids);
            }
            return sorted;
        });
    }
}
