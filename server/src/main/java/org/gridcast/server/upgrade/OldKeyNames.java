package org.gridcast.server.upgrade;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridcast.server.directory.DirectoryStore;
import org.gridcast.server.directory.Invites;
import org.gridcast.server.redis.RedisKeys;

/**
 * The key names Gridcast wrote before the key registry gave every key a Redis Cluster hash tag
 * (commit 57d2c11, merged in 75f919d), each mapped to its {@link RedisKeys} name. Keys outside
 * these patterns kept their names ({@code ch:{C}:...}, {@code ev:{ev}:...}, {@code cv:...},
 * {@code faq:...}, {@code media:...}) and are none of this class's business.
 *
 * <p>A name is only mapped when every id in it is one the old version could have written: unit
 * and member ids match {@link DirectoryStore#ID}, node names hold no ':' or braces, invite codes
 * are {@link Invites#CODE_LENGTH} characters of {@link Invites#ALPHABET}. Those ids end up inside
 * a hash tag of the new name, so a checked id is what keeps the new key in the slot
 * {@link RedisKeys} promises; anything else in an old namespace is {@link Kind#UNRECOGNISED} and
 * left alone. A device name only ever follows a tag, so any device the old tokens allowed
 * (at most 128 characters, no newline) is kept as it is.
 */
public final class OldKeyNames {
    /**
     * Keys the old version wrote once its directory existed. They move last: while any of them is
     * still under its old name the migration is unfinished and {@code serve} refuses to start
     * ({@link OldLayoutCheck}), so an interrupted run never lets a node re-import the seeds.
     */
    public static final List<String> MARKERS = List.of("dir:seeded", "dir:units", "dir:version");

    private static final int MAX_NODE_CHARS = 128;
    private static final int MAX_DEVICE_CHARS = 128;

    /** What a key name is to the migration. */
    public enum Kind {
        /** An old name with a new one: to be moved. */
        OLD,
        /** A name this version uses as it is (new layout, or a namespace that never changed). */
        CURRENT,
        /** In an old namespace, but not a name the old version could have written: left alone and reported. */
        UNRECOGNISED
    }

    /**
     * One key name, classified.
     *
     * @param pattern for {@link Kind#OLD}: the old pattern, e.g. {@code dir:member:<member>}, the
     *                line of the plan this key counts in
     * @param newName for {@link Kind#OLD}: the {@link RedisKeys} name, else null
     */
    public record Name(String key, Kind kind, String pattern, String newName) {
        public boolean isMarker() {
            return kind == Kind.OLD && MARKERS.contains(key);
        }
    }

    /** One old pattern: the regex over the whole key and how its groups make the new name. */
    private record Rule(String pattern, String newPattern, Pattern regex, Function<Matcher, String> rename) {
        static Rule exact(String key, String newName) {
            return new Rule(key, newName, Pattern.compile(Pattern.quote(key)), m -> newName);
        }

        static Rule of(String pattern, String newPattern, String regex, Function<Matcher, String> rename) {
            return new Rule(pattern, newPattern, Pattern.compile(regex), rename);
        }
    }

    /** Ids that go inside a new hash tag: the directory's id syntax. */
    private static final String ID = DirectoryStore.ID.pattern();
    private static final String NODE = "[^:{}]{1," + MAX_NODE_CHARS + "}";
    private static final String CODE = "[" + Invites.ALPHABET + "]{" + Invites.CODE_LENGTH + "}";

    private static final List<Rule> RULES = List.of(
            Rule.exact("dir:units", RedisKeys.DIR_UNITS),
            Rule.exact("dir:seeded", RedisKeys.DIR_SEEDED),
            Rule.exact("dir:seeding", RedisKeys.DIR_SEEDING),
            Rule.exact("dir:version", RedisKeys.DIR_VERSION),
            Rule.exact("dir:audit", RedisKeys.DIR_AUDIT),
            Rule.of("dir:unit:<unit>", "dir:{dir}:unit:<unit>",
                    "dir:unit:(" + ID + ")", m -> RedisKeys.dirUnit(m.group(1))),
            Rule.of("dir:members:<unit>", "dir:{dir}:members:<unit>",
                    "dir:members:(" + ID + ")", m -> RedisKeys.dirMembersOf(m.group(1))),
            Rule.of("dir:member:<member>", "dir:{dir}:member:<member>",
                    "dir:member:(" + ID + ")", m -> RedisKeys.dirMember(m.group(1))),
            Rule.of("invite:<code>", "dir:{dir}:invite:<code>",
                    "invite:(" + CODE + ")", m -> RedisKeys.invite(m.group(1))),
            Rule.of("route:<unit>", "route:{u:<unit>}",
                    "route:(" + ID + ")", m -> RedisKeys.route(m.group(1))),
            Rule.of("presence:<member>", "presence:{i:<member>}",
                    "presence:(" + ID + ")", m -> RedisKeys.presence(m.group(1))),
            Rule.of("revoked:<member>", "revoked:{i:<member>}",
                    "revoked:(" + ID + ")", m -> RedisKeys.revoked(m.group(1))),
            Rule.of("revoked:<member>:<device>", "revoked:{i:<member>}:<device>",
                    "revoked:(" + ID + "):([^\\n]{1," + MAX_DEVICE_CHARS + "})",
                    m -> RedisKeys.revokedDevice(m.group(1), m.group(2))),
            Rule.of("node:<node>:lease", "node:{node:<node>}:lease",
                    "node:(" + NODE + "):lease", m -> RedisKeys.lease(m.group(1))),
            Rule.of("node:<node>:online", "node:{node:<node>}:online",
                    "node:(" + NODE + "):online", m -> RedisKeys.online(m.group(1))),
            Rule.of("node:<node>:routes", "node:{node:<node>}:routes",
                    "node:(" + NODE + "):routes", m -> RedisKeys.nodeRoutes(m.group(1))));

    /**
     * Namespaces the old version wrote untagged names in. In each, a name whose part after the
     * prefix starts with a brace is the new layout ({@code dir:{dir}:...}, {@code route:{u:U}},
     * ...); {@code invite:} has no new names at all (invites moved under {@code dir:{dir}:}).
     */
    private static final List<String> OLD_NAMESPACES = List.of("dir:", "invite:", "route:", "presence:", "revoked:", "node:");

    private OldKeyNames() {
    }

    public static Name classify(String key) {
        Optional<String> namespace = OLD_NAMESPACES.stream().filter(key::startsWith).findFirst();
        if (namespace.isEmpty()) {
            return new Name(key, Kind.CURRENT, null, null);
        }
        boolean tagged = key.startsWith("{", namespace.get().length());
        if (tagged && !namespace.get().equals("invite:")) {
            return new Name(key, Kind.CURRENT, null, null);
        }
        for (Rule rule : RULES) {
            Matcher m = rule.regex().matcher(key);
            if (m.matches()) {
                return new Name(key, Kind.OLD, rule.pattern(), rule.rename().apply(m));
            }
        }
        return new Name(key, Kind.UNRECOGNISED, null, null);
    }

    /** Each old pattern (in the order of the plan) → its new pattern, e.g. {@code route:<unit>} → {@code route:{u:<unit>}}. */
    public static Map<String, String> patterns() {
        Map<String, String> all = new LinkedHashMap<>();
        RULES.forEach(r -> all.put(r.pattern(), r.newPattern()));
        return Collections.unmodifiableMap(all);
    }
}
