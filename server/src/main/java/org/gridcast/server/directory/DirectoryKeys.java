package org.gridcast.server.directory;

/** Redis key names of the directory (docs/ARCHITECTURE.md, "Redis keys"). */
final class DirectoryKeys {
    static final String UNITS = "dir:units";
    static final String SEEDED = "dir:seeded";
    /** Held while one node imports the seeds, so two nodes starting together do not both import. */
    static final String SEEDING = "dir:seeding";
    static final String VERSION = "dir:version";
    static final String UNIT_PREFIX = "dir:unit:";
    static final String MEMBERS_PREFIX = "dir:members:";
    static final String MEMBER_PREFIX = "dir:member:";
    static final String INVITE_PREFIX = "invite:";
    /** Stream of moves and invites ({@link DirectoryAudit}); one per deployment, no user input in the name. */
    static final String AUDIT = "dir:audit";

    static final String F_PARENT = "parent";
    static final String F_KIND = "kind";
    static final String F_NAME = "name";
    static final String F_UNIT = "unit";
    static final String F_ROLE = "role";
    static final String F_TAG = "tag";
    static final String F_JOINED = "joined";

    private DirectoryKeys() {
    }

    static String unit(String id) {
        return UNIT_PREFIX + id;
    }

    static String membersOf(String unitId) {
        return MEMBERS_PREFIX + unitId;
    }

    static String member(String id) {
        return MEMBER_PREFIX + id;
    }

    static String invite(String code) {
        return INVITE_PREFIX + code;
    }

    /** The directory's audit stream. */
    static String audit() {
        return AUDIT;
    }
}
