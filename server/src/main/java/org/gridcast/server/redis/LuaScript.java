package org.gridcast.server.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * One Lua script from {@code resources/lua/}. Sent to Redis once ({@link #load}, SCRIPT LOAD) and
 * run by its SHA-1 (EVALSHA), so a call carries a 40-byte digest instead of the script. When
 * Redis does not know the digest (restarted, SCRIPT FLUSH, a failover) the call falls back to
 * EVAL, which runs the script and caches it again.
 */
public final class LuaScript {
    private final String name;
    private final String source;
    private final String sha;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha = sha1(source);
    }

    /** Reads {@code /lua/<name>.lua} from the classpath. */
    public static LuaScript named(String name) {
        return load(name + ".lua");
    }

    /** Reads {@code /lua/<file>} from the classpath, e.g. {@code presence_claim.lua}. */
    public static LuaScript load(String file) {
        String name = file.endsWith(".lua") ? file.substring(0, file.length() - 4) : file;
        return new LuaScript(name, resource(file));
    }

    /**
     * {@code /lua/<library>.lua} followed by {@code /lua/<name>.lua}, as one script: helpers
     * several scripts share live once in the library, and each script still runs as one atomic
     * unit (Redis has no include). The digest is of the whole text.
     */
    public static LuaScript withLibrary(String library, String name) {
        return new LuaScript(name, resource(library + ".lua") + "\n" + resource(name + ".lua"));
    }

    private static String resource(String file) {
        String path = "/lua/" + file;
        try (InputStream in = LuaScript.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    /** The script text, for callers that EVAL it directly. */
    public String body() {
        return source;
    }

    public String sha() {
        return sha;
    }

    /** SCRIPT LOAD; completes when Redis knows the script under {@link #sha()}. */
    public CompletionStage<Void> load(RedisClusterAsyncCommands<String, byte[]> redis) {
        return redis.scriptLoad(source).thenAccept(loaded -> {
            if (!sha.equals(loaded)) {
                throw new IllegalStateException("Redis hashed " + name + " to " + loaded + ", expected " + sha);
            }
        });
    }

    /** EVALSHA, falling back to EVAL when Redis answers NOSCRIPT. */
    public <T> CompletionStage<T> run(RedisClusterAsyncCommands<String, byte[]> redis, ScriptOutputType type,
                                      String[] keys, byte[]... args) {
        return redis.<T>evalsha(sha, type, keys, args).toCompletableFuture()
                .handle((result, error) -> {
                    if (error == null) {
                        return CompletableFuture.completedFuture(result);
                    }
                    if (unwrap(error) instanceof RedisNoScriptException) {
                        return redis.<T>eval(source, type, keys, args).toCompletableFuture();
                    }
                    return CompletableFuture.<T>failedFuture(unwrap(error));
                })
                .thenCompose(f -> f);
    }

    /**
     * Runs a write script whose ack a client will see. On a single Redis, or with
     * {@link RedisLink#waitReplicas()} 0, it is {@link #run}. In a cluster it runs on the master
     * of its first key's slot and then sends {@code WAIT} on that same connection (WAIT counts
     * the replication of the writes of the connection it is sent on), so the ack follows only
     * once that many replicas hold the write. Fails with a {@link RedisException} (answered
     * UNAVAILABLE) when the master cannot be reached or too few replicas acknowledged in
     * {@link RedisEndpoint#DEFAULT_WAIT_TIMEOUT}; the script's own dedupe makes a retry safe.
     * Several writes of one request share their WAITs through {@link DurableWrites}.
     */
    public <T> CompletionStage<T> runDurably(RedisLink<String, byte[]> link, ScriptOutputType type,
                                             String[] keys, byte[]... args) {
        DurableWrites writes = new DurableWrites(link);
        return writes.<T>run(this, type, keys, args)
                .thenCompose(result -> writes.awaitReplicas().thenApply(done -> result));
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private static String sha1(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
