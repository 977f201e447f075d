package org.gridcast.server.directory;

import org.gridcast.server.redis.RedisKeys;
import io.lettuce.core.XAddArgs;
import org.gridcast.server.redis.RedisLink;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The directory's audit log: every move, invite issued and invite redeemed, as one entry of the
 * Redis stream {@code dir:audit} with fields {@code actor, action, member, from, to, at} (ms).
 * These are the changes that decide who can act as whom, so an operator can answer "who moved
 * this resident, who gave this phone its token" after the fact.
 *
 * <p>Append-only (XADD; nothing in the server deletes or edits entries) and bounded: each XADD
 * trims the stream to the newest {@link #DEFAULT_MAX_ENTRIES}, so a flood of moves cannot grow
 * Redis memory without limit; the oldest entries go first.
 *
 * <p>A move's entry is written by {@code dir_move_member.lua} in the same script as the move
 * (the layout above, action {@code move}), so no move goes unrecorded. Invite entries are written
 * here, after the invite is stored or taken and before its code or token is handed out: if the
 * entry cannot be written the request fails and nothing usable leaves the server.
 */
public final class DirectoryAudit {
    /** ~100,000 entries of ~150 bytes: ~15 MB of Redis at most, years of moves for a town. */
    public static final int DEFAULT_MAX_ENTRIES = 100_000;

    /** What happened; the wire value is the stream's {@code action} field. */
    public enum Action {
        INVITE_ISSUE("invite-issue"), INVITE_REDEEM("invite-redeem");

        private final String wire;

        Action(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /**
     * One change. Ids are directory ids (checked against {@link DirectoryStore#ID}) or empty:
     * {@code member} is empty for an invite that creates a new resident, {@code from} empty when
     * there is no previous unit.
     */
    public record Entry(String actor, Action action, String member, String from, String to) {
    }

    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final Clock clock;
    private final long maxEntries;

    public DirectoryAudit(RedisLink<String, byte[]> connection, Clock clock) {
        this(connection, clock, DEFAULT_MAX_ENTRIES);
    }

    public DirectoryAudit(RedisLink<String, byte[]> connection, Clock clock, long maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
        }
        this.redis = connection.async();
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    /** Appends the entry; completes with its stream id. */
    public CompletionStage<String> record(Entry e) {
        Map<String, byte[]> fields = new LinkedHashMap<>();
        fields.put("actor", id(e.actor()));
        fields.put("action", DirectoryCodec.bytes(e.action().wire()));
        fields.put("member", id(e.member()));
        fields.put("from", id(e.from()));
        fields.put("to", id(e.to()));
        fields.put("at", DirectoryCodec.bytes(Long.toString(clock.millis())));
        // exact trimming: the bound is a hard one, and trimming one entry per add is cheap
        return redis.xadd(RedisKeys.DIR_AUDIT, XAddArgs.Builder.maxlen(maxEntries), fields);
    }

    private static byte[] id(String id) {
        if (!id.isEmpty() && !DirectoryStore.ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a directory id: " + id.length() + " chars");
        }
        return DirectoryCodec.bytes(id);
    }
}
