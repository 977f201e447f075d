package org.gridcast.server.presence;

/** Redis keys of presence (docs/ARCHITECTURE.md, "Redis keys"). */
public final class PresenceKeys {
    private PresenceKeys() {
    }

    /** Hash device → node holding that device's session. */
    public static String presence(String member) {
        return "presence:" + member;
    }

    /** Present while the node is alive. */
    public static String lease(String node) {
        return "node:" + node + ":lease";
    }

    /** Hash unit → online members of the node in the unit's subtree. */
    public static String online(String node) {
        return "node:" + node + ":online";
    }

    /** Set of nodes holding a session in the unit's subtree. */
    public static String route(String unit) {
        return "route:" + unit;
    }

    /** Set of units whose route names the node, so a restart can undo them without a scan. */
    public static String routes(String node) {
        return "node:" + node + ":routes";
    }
}
