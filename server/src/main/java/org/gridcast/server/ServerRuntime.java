package org.gridcast.server;

import org.gridcast.server.redis.RedisLink;
import java.time.Clock;
import org.gridcast.server.auth.Revocations;
import org.gridcast.server.auth.TokenService;
import org.gridcast.server.fanout.LocalFanout;
import org.gridcast.server.fanout.NodeBus;
import org.gridcast.server.metrics.GridcastMetrics;
import org.gridcast.server.presence.Presence;
import org.gridcast.server.presence.PresenceQuery;
import org.gridcast.server.redis.RedisConnector;
import org.gridcast.server.session.SessionRegistry;

/**
 * The running pieces of one node, handed to {@link HandlerModule}s so handlers can be built
 * with what they need.
 *
 * @param redis the shared multiplexed command connection (do not close)
 */
public record ServerRuntime(
        ServerConfig config,
        String node,
        Clock clock,
        RedisConnector connector,
        RedisLink<String, byte[]> redis,
        TokenService tokens,
        Revocations revocations,
        SessionRegistry sessions,
        Presence presence,
        PresenceQuery presenceQuery,
        LocalFanout fanout,
        NodeBus nodeBus,
        GridcastMetrics metrics) {
}
