package org.gridcast.server.presence;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.gridcast.server.redis.LuaScript;
import org.gridcast.server.redis.RedisKeys;

/**
 * The devices a node holds in the members' {@code presence:{i:M}} hashes, found by a SCAN: no
 * index lists them, because a login must stay one script in the member's slot. Used when a node
 * starts under an id a crashed run used and when a sweep removes a dead node's presence; both are
 * rare, and the scan goes in small steps so Redis stays responsive.
 */
final class HeldDevices {
    private static final LuaScript RELEASE = LuaScript.load("presence_release.lua");
    /** Keys per SCAN step; small steps keep Redis responsive. */
    private static final int SCAN_BATCH = 500;

    private HeldDevices() {
    }

    /**
     * Drops every device entry that names the node. Each drop is conditional
     * ({@code presence_release.lua}): a device that logged in on another node meanwhile keeps
     * that newer claim. Blocking; returns the entries dropped.
     */
    static long release(RedisClusterCommands<String, byte[]> sync, String node) {
        byte[] nodeBytes = node.getBytes(StandardCharsets.UTF_8);
        long dropped = 0;
        ScanCursor cursor = ScanCursor.INITIAL;
        ScanArgs args = ScanArgs.Builder.matches(RedisKeys.presence("*")).limit(SCAN_BATCH);
        do {
            KeyScanCursor<String> page = sync.scan(cursor, args);
            for (String key : page.getKeys()) {
                for (var held : sync.hgetall(key).entrySet()) {
                    if (Arrays.equals(held.getValue(), nodeBytes)) {
                        Long n = sync.eval(RELEASE.body(), ScriptOutputType.INTEGER, new String[] {key},
                                held.getKey().getBytes(StandardCharsets.UTF_8), nodeBytes);
                        dropped += n == null ? 0 : n;
                    }
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
        return dropped;
    }
}
