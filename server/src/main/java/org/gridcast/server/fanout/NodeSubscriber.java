package org.gridcast.server.fanout;

import java.util.List;
import java.util.function.Consumer;

/**
 * How a node listens to its channels: classic SUBSCRIBE on one Redis
 * ({@link ClassicSubscriber}), sharded SSUBSCRIBE kept on the right shard in a cluster
 * ({@link ShardedSubscriber}).
 */
public interface NodeSubscriber extends AutoCloseable {
    /** Subscribes to every channel; blocking, returns once Redis confirmed them all. */
    void subscribe(List<String> channels, Consumer<byte[]> onMessage) throws Exception;

    @Override
    void close();
}
