package org.gridcast.server.upgrade;

import java.util.ArrayList;
import java.util.List;
import org.gridcast.server.redis.RedisLink;

/**
 * The start-up check of {@code serve}: a Redis written by the version before hash-tagged keys
 * looks empty to this one, which would import the seeds beside the old directory and serve two
 * of them (a silent split). Checking the {@link OldKeyNames#MARKERS} is a few single-key EXISTS,
 * not a scan: every old deployment has them (the seed import writes them), and
 * {@link KeyMigration} moves them last, so they are present until a migration has finished.
 */
public final class OldLayoutCheck {
    private OldLayoutCheck() {
    }

    /** The markers still under their old names (one EXISTS each: in a cluster they are in different slots). */
    public static List<String> oldMarkers(RedisLink<String, byte[]> redis) {
        List<String> present = new ArrayList<>();
        for (String marker : OldKeyNames.MARKERS) {
            if (redis.sync().exists(marker) > 0) {
                present.add(marker);
            }
        }
        return present;
    }

    public static void refuseOldLayout(RedisLink<String, byte[]> redis) throws OldLayoutException {
        List<String> old = oldMarkers(redis);
        if (!old.isEmpty()) {
            throw new OldLayoutException("Redis holds keys of the layout before hash-tagged names ("
                    + String.join(", ", old) + "): stop every node and run 'gridcast-server migrate-keys' with this"
                    + " node's --data-dir, --redis or --redis-cluster options first (docs/OPERATIONS.md, \"Upgrading\");"
                    + " starting on it would import the seeds beside the old directory");
        }
    }
}
