package org.gridcast.server.session;

import org.gridcast.server.redis.RedisKeys;
import org.gridcast.server.redis.RedisLink;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.gridcast.seeds.Role;

/**
 * Resolves a member from its directory hash {@code dir:member:<id>} (fields unit, role, name).
 * The default until the composition root plugs in the directory module's own resolver.
 */
public final class RedisMemberResolver implements MemberResolver {
    private final RedisClusterAsyncCommands<String, byte[]> redis;

    public RedisMemberResolver(RedisLink<String, byte[]> connection) {
        this.redis = connection.async();
    }

    @Override
    public CompletionStage<Optional<MemberIdentity>> resolve(String member) {
        return redis.hgetall(RedisKeys.dirMember(member)).thenApply(fields -> {
            String unit = text(fields, "unit");
            if (unit.isEmpty()) {
                return Optional.empty();
            }
            String role = text(fields, "role");
            return Optional.of(new MemberIdentity(member, unit,
                    role.isEmpty() ? Role.RESIDENT : Role.valueOf(role), text(fields, "name")));
        });
    }

    private static String text(Map<String, byte[]> fields, String name) {
        byte[] v = fields.get(name);
        return v == null ? "" : new String(v, StandardCharsets.UTF_8);
    }
}
