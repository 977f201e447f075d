package org.gridcast.server.it;

import io.lettuce.core.Range;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.Login;
import org.gridcast.server.Main;
import org.gridcast.server.redis.RedisLink;

/** What the migration tests share: the command line as an operator runs it, and whole-Redis snapshots. */
final class Upgrades {
    private Upgrades() {
    }

    /** One run of {@code gridcast-server}: exit code, stdout and stderr (trimmed). */
    record Cli(int code, String out, String err) {
    }

    static Cli cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Cli(code, out.toString(StandardCharsets.UTF_8).strip(), err.toString(StandardCharsets.UTF_8).strip());
    }

    /**
     * Every key → its type, its value spelled out (bytes in hex, hashes and sets sorted) and "+ttl"
     * when it expires: equal snapshots, equal data. Values, not DUMPs: a set restored on another
     * cluster node dumps in another order. KEYS is fine on a test's few dozen keys (in a cluster
     * Lettuce asks every master).
     */
    static Map<String, String> snapshot(RedisLink<String, byte[]> redis) {
        RedisClusterCommands<String, byte[]> sync = redis.sync();
        Map<String, String> all = new TreeMap<>();
        for (String key : sync.keys("*")) {
            String type = sync.type(key);
            Object value = switch (type) {
                case "string" -> hex(sync.get(key));
                case "hash" -> sorted(sync.hgetall(key));
                case "set" -> sync.smembers(key).stream().map(Upgrades::hex).collect(Collectors.toCollection(TreeSet::new));
                case "zset" -> sync.zrangeWithScores(key, 0, -1).stream().map(v -> v.getScore() + " " + hex(v.getValue()))
                        .toList();
                case "list" -> sync.lrange(key, 0, -1).stream().map(Upgrades::hex).toList();
                case "stream" -> sync.xrange(key, Range.create("-", "+")).stream()
                        .map(e -> e.getId() + " " + sorted(e.getBody())).toList();
                default -> "?";
            };
            all.put(key, type + " " + value + (sync.pttl(key) > 0 ? " +ttl" : ""));
        }
        return all;
    }

    private static Map<String, String> sorted(Map<String, byte[]> fields) {
        Map<String, String> m = new TreeMap<>();
        fields.forEach((k, v) -> m.put(k, hex(v)));
        return m;
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** The snapshot a full migration of {@code old} must leave, from the snapshot taken before it. */
    static Map<String, String> migrated(OldLayout old, Map<String, String> before) {
        Map<String, String> expected = new TreeMap<>();
        old.unchanged.forEach(k -> expected.put(k, before.get(k)));
        old.renamed.forEach((from, to) -> expected.put(to, before.get(from)));
        return expected;
    }

    static Envelope login(Wire wire, String token, String device) throws IOException {
        return wire.call(Envelope.newBuilder().setLogin(Login.newBuilder().setToken(token).setDevice(device)));
    }
}
