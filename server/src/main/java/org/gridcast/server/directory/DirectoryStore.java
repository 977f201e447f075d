package org.gridcast.server.directory;

import org.gridcast.server.redis.RedisKeys;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import org.gridcast.server.redis.RedisLink;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.seeds.SeedSource;
import org.gridcast.server.GridcastException;
import org.gridcast.server.redis.LuaScript;
import org.gridcast.server.text.TextLength;

/**
 * Units and members in Redis (keys {@code dir:*}, see docs/ARCHITECTURE.md). Every method is
 * asynchronous and safe to call from an event loop, except that {@link #importIfEmpty} runs its
 * blocking stream on a thread of its own. Every change increments {@code dir:version}.
 *
 * <p>Scope checks are not done here: callers ask {@link Scope} first.
 */
public final class DirectoryStore {
    /** Ids travel in Redis keys and channel ids: ASCII only, no separators used by either. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    /** Names and tags are shown on phones; anything longer is a mistake or an attack. */
    public static final int MAX_NAME_LENGTH = 64;
    /** Members looked up in one {@link #members} call: bounds one reply's memory. */
    public static final int MAX_BATCH = 10_000;
    /** A directory page holds at most this many entries (units + members), as GetDirectory says. */
    public static final int MAX_PAGE = 1_000;
    public static final int DEFAULT_PAGE = 500;
    /** Units whose member sets are fetched in one round trip while filling a page. */
    static final int PAGE_CHUNK = 32;

    private static final LuaScript ADD = LuaScript.load("dir_add_member.lua");
    private static final LuaScript MOVE = LuaScript.load("dir_move_member.lua");
    private static final LuaScript REMOVE = LuaScript.load("dir_remove_member.lua");
    /** Reads of a member's unit a move or removal retries when concurrent moves keep changing it. */
    private static final int MAX_RACES = 3;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final Clock clock;
    private final long auditMaxEntries;

    public DirectoryStore(RedisLink<String, byte[]> connection, Clock clock) {
        this(connection, clock, DirectoryAudit.DEFAULT_MAX_ENTRIES);
    }

    /** @param auditMaxEntries the most entries the audit stream keeps ({@link DirectoryAudit}) */
    public DirectoryStore(RedisLink<String, byte[]> connection, Clock clock, long auditMaxEntries) {
        if (auditMaxEntries < 1) {
            throw new IllegalArgumentException("auditMaxEntries must be positive: " + auditMaxEntries);
        }
        this.redis = connection.async();
        this.clock = clock;
        this.auditMaxEntries = auditMaxEntries;
    }

    /**
     * Imports {@code source} unless Redis already holds a directory ({@code dir:seeded} set). Two
     * nodes starting together: one imports, the other waits for it and imports nothing.
     */
    public CompletionStage<ImportResult> importIfEmpty(SeedSource source) {
        CompletableFuture<ImportResult> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(new SeedImporter(redis, clock).importIfEmpty(source));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, "gridcast-seed-import");
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    /** Reads every unit (a few thousand) and builds the in-memory tree. */
    public CompletionStage<UnitTree> loadTree() {
        return redis.smembers(RedisKeys.DIR_UNITS).thenCompose(ids -> {
            List<String> unitIds = ids.stream().map(DirectoryCodec::text).toList();
            List<RedisFuture<Map<String, byte[]>>> hashes = new ArrayList<>(unitIds.size());
            for (String id : unitIds) {
                hashes.add(redis.hgetall(RedisKeys.dirUnit(id)));
            }
            return allOf(hashes).thenApply(v -> {
                List<UnitInfo> units = new ArrayList<>(unitIds.size());
                for (int i = 0; i < unitIds.size(); i++) {
                    Map<String, byte[]> h = hashes.get(i).toCompletableFuture().join();
                    if (!h.isEmpty()) {
                        units.add(DirectoryCodec.unit(unitIds.get(i), h));
                    }
                }
                return new UnitTree(units);
            });
        });
    }

    public CompletionStage<Optional<MemberInfo>> member(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return redis.hgetall(RedisKeys.dirMember(id))
                .thenApply(h -> Optional.ofNullable(DirectoryCodec.member(id, h)));
    }

    /** The members among {@code ids} that exist, in the order asked, in one pipelined round trip. */
    public CompletionStage<List<MemberInfo>> members(Collection<String> ids) {
        if (ids.size() > MAX_BATCH) {
            return CompletableFuture.failedFuture(GridcastException.limit("more than " + MAX_BATCH + " members in one lookup"));
        }
        List<String> asked = new ArrayList<>(ids);
        List<RedisFuture<Map<String, byte[]>>> hashes = new ArrayList<>(asked.size());
        for (String id : asked) {
            hashes.add(redis.hgetall(RedisKeys.dirMember(id)));
        }
        return allOf(hashes).thenApply(v -> {
            List<MemberInfo> found = new ArrayList<>(asked.size());
            for (int i = 0; i < asked.size(); i++) {
                MemberInfo m = DirectoryCodec.member(asked.get(i), hashes.get(i).toCompletableFuture().join());
                if (m != null) {
                    found.add(m);
                }
            }
            return found;
        });
    }

    /** Ids of the members whose home unit is one of {@code units} (not below them), in one round trip. */
    public CompletionStage<List<String>> memberIdsOf(List<String> units) {
        List<RedisFuture<Set<byte[]>>> sets = new ArrayList<>(units.size());
        for (String u : units) {
            sets.add(redis.smembers(RedisKeys.dirMembersOf(u)));
        }
        return allOf(sets).thenApply(v -> {
            List<String> ids = new ArrayList<>();
            for (RedisFuture<Set<byte[]>> set : sets) {
                for (byte[] id : set.toCompletableFuture().join()) {
                    ids.add(DirectoryCodec.text(id));
                }
            }
            return ids;
        });
    }

    /** Ids of every member whose home unit is {@code unit} or below it (one SMEMBERS per unit). */
    public CompletionStage<List<String>> memberIdsOfSubtree(UnitTree tree, String unit) {
        List<String> units = tree.subtree(unit);
        if (units.isEmpty()) {
            return CompletableFuture.failedFuture(GridcastException.notFound("unknown unit " + unit));
        }
        return memberIdsOf(units);
    }

    /** Units and members of the subtree of {@code unit}, paged; see {@link DirectoryPage}. */
    public CompletionStage<DirectoryPage> page(UnitTree tree, String unit, String pageToken, int limit) {
        return page(tree, unit, pageToken, limit, true);
    }

    /**
     * @param limit entries (units + members) per page, 1 to {@link #MAX_PAGE}; 0 means {@link #DEFAULT_PAGE}
     * @param includeMembers false lists units only
     */
    public CompletionStage<DirectoryPage> page(UnitTree tree, String unit, String pageToken, int limit,
                                               boolean includeMembers) {
        try {
            List<String> units = tree.subtree(unit);
            if (units.isEmpty()) {
                throw GridcastException.notFound("unknown unit " + unit);
            }
            if (limit < 0 || limit > MAX_PAGE) {
                throw GridcastException.limit("page limit must be 1-" + MAX_PAGE);
            }
            PageToken token = PageToken.decode(pageToken);
            int start = token == null ? 0 : units.indexOf(token.unit());
            if (start < 0) {
                throw GridcastException.badRequest("page token does not belong to this listing");
            }
            DirectoryListing listing = new DirectoryListing(redis, tree, units, limit == 0 ? DEFAULT_PAGE : limit, includeMembers);
            return listing.fill(start, token != null, token == null ? "" : token.afterMember())
                    .thenCompose(v -> members(listing.memberIds()))
                    .thenApply(found -> listing.page(found));
        } catch (GridcastException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Adds a member; a {@code joinedAtMs} of 0 means now. Fails with NOT_FOUND for an unknown
     * unit, CONFLICT when the id is taken, BAD_REQUEST for a malformed id or name.
     */
    public CompletionStage<MemberInfo> addMember(MemberInfo member) {
        try {
            validate(member);
        } catch (GridcastException e) {
            return CompletableFuture.failedFuture(e);
        }
        MemberInfo stored = member.joinedAtMs() > 0 ? member
                : new MemberInfo(member.id(), member.unit(), member.role(), member.name(), member.tag(), clock.millis());
        Map<String, byte[]> h = DirectoryCodec.memberHash(stored);
        String[] keys = {RedisKeys.dirMember(stored.id()), RedisKeys.dirMembersOf(stored.unit()),
            RedisKeys.dirUnit(stored.unit()), RedisKeys.DIR_VERSION};
        return ADD.<Long>run(redis, ScriptOutputType.INTEGER, keys,
                DirectoryCodec.bytes(stored.unit()), h.get(DirectoryFields.F_ROLE), h.get(DirectoryFields.F_NAME),
                h.get(DirectoryFields.F_TAG), h.get(DirectoryFields.F_JOINED), DirectoryCodec.bytes(stored.id()))
                .thenApply(code -> {
                    if (code == -1) {
                        throw GridcastException.notFound("unknown unit " + stored.unit());
                    }
                    if (code == -2) {
                        throw new GridcastException(ErrorCode.CONFLICT, "member " + stored.id() + " exists");
                    }
                    return stored;
                });
    }

    /**
     * Moves a member to micro-grid {@code toUnit}, keeping its role; its old and new unit sets,
     * its hash and the audit entry ({@link DirectoryAudit}, actor {@code actorId}) change in one
     * script, so no move goes unrecorded. Moving to the current unit changes and records nothing.
     * Returns the member as it now is.
     */
    public CompletionStage<MemberInfo> moveMember(String memberId, String toUnit, String actorId) {
        if (!ID.matcher(memberId).matches() || !ID.matcher(toUnit).matches() || !ID.matcher(actorId).matches()) {
            return CompletableFuture.failedFuture(GridcastException.badRequest("malformed id"));
        }
        return move(memberId, toUnit, actorId, MAX_RACES);
    }

    /**
     * The script declares the member's old unit set among its keys, so the unit is read first and
     * the script refuses ({@code -4}) when a concurrent move changed it; then it is read again.
     */
    private CompletionStage<MemberInfo> move(String memberId, String toUnit, String actorId, int attempts) {
        return currentUnit(memberId).thenCompose(from -> {
            String[] keys = {RedisKeys.dirMember(memberId), RedisKeys.dirUnit(toUnit), RedisKeys.DIR_VERSION,
                    RedisKeys.DIR_AUDIT, RedisKeys.dirMembersOf(from), RedisKeys.dirMembersOf(toUnit)};
            return MOVE.<List<Object>>run(redis, ScriptOutputType.MULTI, keys,
                    DirectoryCodec.bytes(memberId), DirectoryCodec.bytes(toUnit), DirectoryCodec.bytes(actorId),
                    DirectoryCodec.bytes(Long.toString(clock.millis())),
                    DirectoryCodec.bytes(Long.toString(auditMaxEntries)), DirectoryCodec.bytes(from))
                    .thenCompose(reply -> {
                        long code = (Long) reply.get(0);
                        if (code == -4 && attempts > 1) {
                            return move(memberId, toUnit, actorId, attempts - 1);
                        }
                        if (code == -1) {
                            throw GridcastException.notFound("unknown member " + memberId);
                        }
                        if (code == -2) {
                            throw GridcastException.notFound("unknown unit " + toUnit);
                        }
                        if (code == -3) {
                            throw GridcastException.badRequest("members move only into a micro-grid");
                        }
                        if (code == -4) {
                            throw new GridcastException(ErrorCode.CONFLICT, "member " + memberId + " is being moved");
                        }
                        return CompletableFuture.completedFuture(DirectoryCodec.member(memberId, DirectoryCodec.hash(reply, 1)));
                    });
        });
    }

    /** The member's unit as stored now, or "" for an unknown member (the scripts then answer -1). */
    private CompletionStage<String> currentUnit(String memberId) {
        return redis.hget(RedisKeys.dirMember(memberId), DirectoryFields.F_UNIT)
                .thenApply(u -> u == null ? "" : DirectoryCodec.text(u));
    }

    /** Removes a member; empty when there was none (removing twice is harmless). */
    public CompletionStage<Optional<MemberInfo>> removeMember(String memberId) {
        if (!ID.matcher(memberId).matches()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return remove(memberId, MAX_RACES);
    }

    private CompletionStage<Optional<MemberInfo>> remove(String memberId, int attempts) {
        return currentUnit(memberId).thenCompose(unit -> {
            String[] keys = {RedisKeys.dirMember(memberId), RedisKeys.DIR_VERSION, RedisKeys.dirMembersOf(unit)};
            return REMOVE.<List<Object>>run(redis, ScriptOutputType.MULTI, keys, DirectoryCodec.bytes(memberId),
                    DirectoryCodec.bytes(unit)).thenCompose(reply -> {
                        long code = (Long) reply.get(0);
                        if (code == -4 && attempts > 1) {
                            return remove(memberId, attempts - 1);
                        }
                        if (code == -4) {
                            return CompletableFuture.failedFuture(
                                    new GridcastException(ErrorCode.CONFLICT, "member " + memberId + " is being moved"));
                        }
                        return CompletableFuture.completedFuture(code == -1 ? Optional.<MemberInfo>empty()
                                : Optional.of(DirectoryCodec.member(memberId, DirectoryCodec.hash(reply, 1))));
                    });
        });
    }

    /** The directory version: bumped by every import, add, move and remove. */
    public CompletionStage<Long> version() {
        return redis.get(RedisKeys.DIR_VERSION).thenApply(v -> v == null ? 0L : Long.parseLong(DirectoryCodec.text(v)));
    }

    /** A fresh member id under {@code unit} for members added without one. */
    public static String newMemberId(String unit) {
        StringBuilder id = new StringBuilder(unit.length() + 10).append(unit).append("-n");
        String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
        for (int i = 0; i < 8; i++) {
            id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private static void validate(MemberInfo m) {
        if (!ID.matcher(m.id()).matches() || !ID.matcher(m.unit()).matches()) {
            throw GridcastException.badRequest("malformed member or unit id");
        }
        if (m.name().isBlank() || !TextLength.within(m.name(), MAX_NAME_LENGTH) || !TextLength.within(m.tag(), MAX_NAME_LENGTH)) {
            throw GridcastException.badRequest("name must have 1-" + MAX_NAME_LENGTH + " characters, tag at most " + MAX_NAME_LENGTH);
        }
    }

    static CompletableFuture<Void> allOf(List<? extends CompletionStage<?>> stages) {
        return CompletableFuture.allOf(stages.stream().map(CompletionStage::toCompletableFuture)
                .toArray(CompletableFuture[]::new));
    }
}
