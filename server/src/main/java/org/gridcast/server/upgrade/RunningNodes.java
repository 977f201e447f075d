package org.gridcast.server.upgrade;

import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.util.Map;
import org.gridcast.server.redis.RedisKeys;
import org.gridcast.server.redis.RedisLink;

/**
 * Whether a Gridcast node is connected to this Redis. Every node, of this version or the one
 * before, listens on the {@link RedisKeys#CONTROL} channel from start to stop: classic pub/sub
 * on one Redis, sharded pub/sub on the master of its slot in a cluster. So the subscribers Redis
 * counts there are the running nodes; moving keys under a running node would let it write old
 * names again (or read new ones half moved).
 */
final class RunningNodes {
    private RunningNodes() {
    }

    static long count(RedisLink<String, byte[]> redis) {
        if (redis.cluster().isEmpty()) {
            // classic only: a single Redis may be 6.2, which has no sharded pub/sub (nor nodes using it)
            return sum(redis.sync().pubsubNumsub(RedisKeys.CONTROL));
        }
        StatefulRedisClusterConnection<String, byte[]> cluster = redis.cluster().get();
        long n = 0;
        for (RedisClusterNode node : cluster.getPartitions()) {
            RedisClusterCommands<String, byte[]> one = cluster.getConnection(node.getNodeId()).sync();
            n += sum(one.pubsubNumsub(RedisKeys.CONTROL)) + sum(one.pubsubShardNumsub(RedisKeys.CONTROL));
        }
        return n;
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
