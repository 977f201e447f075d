package org.gridcast.server;

import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.gridcast.server.directory.DirectoryHierarchy;
import org.gridcast.server.directory.DirectoryModule;
import org.gridcast.server.directory.DirectoryStore;
import org.gridcast.server.directory.LiveMoves;
import org.gridcast.server.directory.MemberInfo;
import org.gridcast.server.notice.ConversationIndex;
import org.gridcast.server.notice.FollowedChannels;
import org.gridcast.server.notice.NoticeLoginStates;
import org.gridcast.server.notice.NoticeModule;
import org.gridcast.server.notice.NoticeStore;
import org.gridcast.server.session.MemberIdentity;

/**
 * The production wiring: the directory, the notice store and their handlers plugged into the
 * runtime. Each store is built once per node, on the node's shared Redis connection.
 */
public final class GridcastServices {
    private final Clock clock;
    private final DirectoryHierarchy hierarchy = new DirectoryHierarchy();
    private final LiveMoves moves = new LiveMoves();
    private final AtomicReference<Stores> stores = new AtomicReference<>();
    private final ConversationIndex conversations;

    private record Stores(DirectoryStore directory, NoticeStore notices, FollowedChannels followed,
                          NoticeLoginStates states) {
    }

    private GridcastServices(Clock clock, ConversationIndex conversations) {
        this.clock = clock;
        this.conversations = conversations;
    }

    /** Services for {@code serve}: the real directory and notices on the node's Redis. */
    public static Services forConfig(ServerConfig config) {
        return builder(config, Clock.systemUTC()).build();
    }

    /** The same wiring as a builder, so tests can set a clock, limits or a meter registry. */
    public static Services.Builder builder(ServerConfig config, Clock clock) {
        GridcastServices g = new GridcastServices(clock, ConversationIndex.NONE);
        return Services.builder()
                .clock(clock)
                .hierarchy(g.hierarchy)
                .memberMoves(g.moves)
                .membersFrom(conn -> id -> g.stores(conn).directory().member(id).thenApply(GridcastServices::identity))
                .loginStatesFrom(conn -> g.stores(conn).states())
                .module((dispatcher, runtime) -> {
                    Stores s = g.stores(runtime.redis());
                    new DirectoryModule(s.directory(), g.hierarchy, s.notices(), s.followed(),
                            config.seeds().orElse(null)).register(dispatcher, runtime);
                    new NoticeModule(s.notices(), s.directory(), g.hierarchy, s.followed(), s.states())
                            .register(dispatcher, runtime);
                    g.moves.bind(runtime.sessions(), s.states());
                });
    }

    private Stores stores(StatefulRedisConnection<String, byte[]> redis) {
        return stores.updateAndGet(existing -> existing != null ? existing : newStores(redis));
    }

    private Stores newStores(StatefulRedisConnection<String, byte[]> redis) {
        DirectoryStore directory = new DirectoryStore(redis, clock);
        NoticeStore notices = new NoticeStore(redis, clock);
        FollowedChannels followed = new FollowedChannels(hierarchy, conversations);
        return new Stores(directory, notices, followed, new NoticeLoginStates(notices, followed));
    }

    private static Optional<MemberIdentity> identity(Optional<MemberInfo> member) {
        return member.map(m -> new MemberIdentity(m.id(), m.unit(), m.role(), m.name()));
    }
}
