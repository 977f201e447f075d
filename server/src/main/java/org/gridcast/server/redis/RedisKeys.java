package org.gridcast.server.redis;

/**
 * Every Redis key and pub/sub channel name Gridcast uses, in one place (docs/ARCHITECTURE.md,
 * "Redis keys"). The part in braces is the Redis Cluster hash tag: only it is hashed, so keys
 * with the same tag share a slot and one Lua script may touch them together. The slots:
 *
 * <ul>
 *   <li>{@code {C}}, one per channel id ({@code u:<unit>}, {@code i:<member>}, {@code o:<member>},
 *       {@code c:<conversation>}): the channel's log, cursors, confirmations, receipts, dedupe
 *       keys; for a unit channel also {@code route:{u:U}}, so a post reads its routes in its slot.
 *   <li>{@code {i:M}}, the member's inbox slot, also holds its presence and its revocations, so
 *       one step of a point-to-point post appends to an inbox and reads where to publish it.
 *   <li>{@code {dir}}: the whole directory (units, members, version, audit, invites). One slot,
 *       so moves and removals stay one atomic script; its size grows with the members (see
 *       OPERATIONS.md, "Redis Cluster").
 *   <li>{@code {ev}}: every event (one slot: events are a few hundred a day; see EventKeys).
 *   <li>{@code {node:N}}: one node's lease, online counts, route list and reaping fence, and its
 *       sharded pub/sub channel.
 *   <li>{@code {nodes}}: the registry of node ids ({@link #NODES_SEEN}).
 * </ul>
 *
 * Keys not touched together by any script (conversations {@code cv:}, FAQ {@code faq:}) carry no
 * tag; each is read and written by single-key commands.
 *
 * <p>Only ids the directory vouches for (units and members match {@code DirectoryStore.ID}, which
 * has no braces), node names and the server's own numbers make up the tags. A client's
 * {@code client_msg_id} (at most 64 characters, checked by {@code NoticeValidator}) and a device
 * name only ever follow a tag, so whatever braces they hold cannot move a key to another slot:
 * Redis hashes the first {@code {...}} of a key.
 */
public final class RedisKeys {
    /** Field of {@code ch:{C}:log} that holds the highest seq. */
    public static final String HEAD = "head";
    /** Classic pub/sub channel every node listens on: revocation kicks (broadcast by design). */
    public static final String CONTROL = "control";

    public static final String DIR_UNITS = "dir:{dir}:units";
    public static final String DIR_SEEDED = "dir:{dir}:seeded";
    /** Held while one node imports the seeds, so two nodes starting together do not both import. */
    public static final String DIR_SEEDING = "dir:{dir}:seeding";
    public static final String DIR_VERSION = "dir:{dir}:version";
    /** Stream of moves and invites; one per deployment, no user input in the name. */
    public static final String DIR_AUDIT = "dir:{dir}:audit";
    public static final String DIR_UNIT_PREFIX = "dir:{dir}:unit:";
    public static final String DIR_MEMBERS_PREFIX = "dir:{dir}:members:";
    public static final String DIR_MEMBER_PREFIX = "dir:{dir}:member:";
    public static final String INVITE_PREFIX = "dir:{dir}:invite:";

    /**
     * Sorted set: every node id that has run → the time (ms, by this key's Redis) of its last
     * lease refresh. The registry the sweep for dead nodes reads ({@code presence.NodeReaper});
     * a node id is forgotten once its routes and presence are removed. Node names only.
     */
    public static final String NODES_SEEN = "nodes:{nodes}:seen";

    /** KEYS[1] of every event script; the scripts build the rest of the names from it (one slot). */
    public static final String EVENT_PREFIX = "ev:{ev}:";

    private RedisKeys() {
    }

    /** The hash tag of a channel's slot, e.g. {@code {u:town}}. */
    public static String channelTag(String channel) {
        return "{" + channel + "}";
    }

    private static String channelKey(String channel, String suffix) {
        return "ch:" + channelTag(channel) + ":" + suffix;
    }

    /** Hash: field {@link #HEAD} → highest seq; field {@code <seq>} → the Notice bytes. */
    public static String log(String channel) {
        return channelKey(channel, "log");
    }

    /** Hash member → read cursor. */
    public static String read(String channel) {
        return channelKey(channel, "read");
    }

    /** Hash member → head when the member began following. */
    public static String start(String channel) {
        return channelKey(channel, "start");
    }

    /** Set of members who confirmed entry seq. */
    public static String confirm(String channel, long seq) {
        return channelKey(channel, "confirm:" + seq);
    }

    public static String rcptPrefix(String channel) {
        return channelKey(channel, "rcpt:");
    }

    /** Hash (outbox entries) recipient → {@code inboxChannel inboxSeq}. */
    public static String rcpt(String channel, long seq) {
        return rcptPrefix(channel) + seq;
    }

    /** String: seq of the first entry stored under that id. */
    public static String dedupe(String channel, String id) {
        return channelKey(channel, "dedupe:" + id);
    }

    // --- Publish markers (a stored entry whose push never happened is pushed by its retry) ---

    /**
     * String, present once the entry stored under dedupe id {@code id} was published to its
     * audience's nodes (written after the publishes, with a TTL no shorter than the dedupe key's;
     * the store scripts read it on a retry). Same slot and id as {@link #dedupe}, so a script can
     * name it before it knows the seq; while the dedupe key lives, the id names exactly one seq.
     */
    public static String published(String channel, String id) {
        return channelKey(channel, "published:" + id);
    }

    // --- end of publish markers ---

    /** Rate limit of reminders for one entry. */
    public static String remind(String channel, long seq) {
        return channelKey(channel, "remind:" + seq);
    }

    /** Set: members of a consultation, whose presence an append publishes to. */
    public static String parties(String channel) {
        return channelKey(channel, "parties");
    }

    /** Set of nodes holding a session in the unit's subtree; in the slot of {@code u:<unit>}. */
    public static String route(String unit) {
        return "route:" + channelTag("u:" + unit);
    }

    /** Hash device → node holding that device's session; in the slot of the member's inbox. */
    public static String presence(String member) {
        return "presence:" + channelTag("i:" + member);
    }

    /** Revocation time (ms) of every token of the member; same slot as {@link #revokedDevice}. */
    public static String revoked(String member) {
        return "revoked:" + channelTag("i:" + member);
    }

    public static String revokedDevice(String member, String device) {
        return revoked(member) + ":" + device;
    }

    private static String nodeTag(String node) {
        return "{node:" + node + "}";
    }

    /** Present while the node is alive. */
    public static String lease(String node) {
        return "node:" + nodeTag(node) + ":lease";
    }

    /** Hash unit → online members of the node in the unit's subtree. */
    public static String online(String node) {
        return "node:" + nodeTag(node) + ":online";
    }

    /** Set of units whose route names the node, so a restart can undo them without a scan. */
    public static String nodeRoutes(String node) {
        return "node:" + nodeTag(node) + ":routes";
    }

    /**
     * Held while a sweep removes a dead node's routes and presence: one sweep at a time, and the
     * node, should it come back, writes them again once this is gone. Expires by itself.
     */
    public static String nodeReaping(String node) {
        return "node:" + nodeTag(node) + ":reaping";
    }

    /**
     * Pub/sub channel of one node: notices and control messages for it. In a cluster it is a
     * sharded channel (SPUBLISH/SSUBSCRIBE), served by the master of its tag's slot.
     */
    public static String nodeChannel(String node) {
        return "node:" + nodeTag(node);
    }

    public static String dirUnit(String id) {
        return DIR_UNIT_PREFIX + id;
    }

    public static String dirMembersOf(String unitId) {
        return DIR_MEMBERS_PREFIX + unitId;
    }

    public static String dirMember(String id) {
        return DIR_MEMBER_PREFIX + id;
    }

    public static String invite(String code) {
        return INVITE_PREFIX + code;
    }

    public static String conversation(String id) {
        return "cv:" + id;
    }

    public static String conversationSeq() {
        return "cv:seq";
    }

    public static String conversationPair(String resident, String staff) {
        return "cv:pair:" + resident + ":" + staff;
    }

    public static String conversationsOf(String member) {
        return "cv:by:" + member;
    }

    public static String faq(String community) {
        return "faq:" + community;
    }

    public static String faqSeq(String community) {
        return "faq:" + community + ":seq";
    }

    /** An uploaded photo's metadata; its uploaders and events share the slot of its hash. Single-key commands only. */
    public static String media(String sha256) {
        return "media:{" + sha256 + "}";
    }

    public static String mediaUploaders(String sha256) {
        return media(sha256) + ":by";
    }

    public static String mediaEvents(String sha256) {
        return media(sha256) + ":ev";
    }

    public static String mediaRate(String member) {
        return "media:rate:{" + member + "}";
    }

    public static String event(String id) {
        return EVENT_PREFIX + "e:" + id;
    }

    public static String eventTimeline(String id) {
        return EVENT_PREFIX + "tl:" + id;
    }

    /** Queue of an owner ({@code u:<unit>} or {@code m:<member>}); order 't' created, 'd' deadline. */
    public static String eventQueue(String owner, String queue, char order) {
        return EVENT_PREFIX + "q:" + owner + ":" + queue + ":" + order;
    }

    public static String eventsByReporter(String member) {
        return EVENT_PREFIX + "by:" + member;
    }

    /** Sorted set: event id → the time the sweeper should next look at it. */
    public static String eventDeadlines() {
        return EVENT_PREFIX + "dl";
    }

    /** Hash of per-day counters: field {@code <unit>|<metric>}. Day is yyyyMMdd. */
    public static String eventDayStats(String day) {
        return EVENT_PREFIX + "st:" + day;
    }
}
