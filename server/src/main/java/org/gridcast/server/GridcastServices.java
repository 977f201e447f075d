package org.gridcast.server;

import org.gridcast.server.redis.RedisLink;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.gridcast.server.directory.DirectoryHierarchy;
import org.gridcast.server.directory.DirectoryModule;
import org.gridcast.server.directory.DirectoryStore;
import org.gridcast.server.directory.LiveMoves;
import org.gridcast.server.directory.MemberInfo;
import org.gridcast.server.event.EventModule;
import org.gridcast.server.fanout.ConversationParties;
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
    private final AtomicReference<EventModule> events = new AtomicReference<>();
    /** Consultations a member follows: known once the event module runs. */
    private final ConversationIndex conversations = member -> {
        EventModule e = events.get();
        return e == null || e.conversations() == null ? ConversationIndex.NONE.conversationsOf(member)
                : e.conversations().of(member, MAX_FOLLOWED_CONVERSATIONS);
    };
    /** Parties of a consultation, for pushing its messages to local sessions. */
    private final ConversationParties parties = id -> {
        EventModule e = events.get();
        if (e == null || e.conversations() == null) {
            return ConversationParties.NONE.parties(id);
        }
        return e.conversations().get(id).thenApply(c -> c.map(x -> List.of(x.resident(), x.staff())).orElse(List.of()));
    };

    private record Stores(DirectoryStore directory, NoticeStore notices, FollowedChannels followed,
                          NoticeLoginStates states) {
    }

    /** A staff member's open consultations that count in its badge and sync. */
    static final int MAX_FOLLOWED_CONVERSATIONS = 200;

    private GridcastServices(Clock clock) {
        this.clock = clock;
    }

    /** Services for {@code serve}: the real directory and notices on the node's Redis. */
    public static Services forConfig(ServerConfig config) {
        return builder(config, Clock.systemUTC()).build();
    }

    /** The same wiring as a builder, so tests can set a clock, limits or a meter registry. */
    public static Services.Builder builder(ServerConfig config, Clock clock) {
        GridcastServices g = new GridcastServices(clock);
        return Services.builder()
                .clock(clock)
                .hierarchy(g.hierarchy)
                .memberMoves(g.moves)
                .parties(g.parties)
                .membersFrom(conn -> id -> g.stores(conn).directory().member(id).thenApply(GridcastServices::identity))
                .loginStatesFrom(conn -> g.stores(conn).states())
                .eventViewers((member, event) -> {
                    EventModule e = g.events.get();
                    return e == null ? CompletableFuture.completedFuture(false) : e.canView(member, event);
                })
                .module((dispatcher, runtime) -> {
                    Stores s = g.stores(runtime.redis());
                    new DirectoryModule(s.directory(), g.hierarchy, s.notices(), s.followed(),
                            config.seeds().orElse(null)).register(dispatcher, runtime);
                    new NoticeModule(s.notices(), s.directory(), g.hierarchy, s.followed(), s.states())
                            .register(dispatcher, runtime);
                    EventModule events = new EventModule(s.notices(), s.directory(), g.hierarchy, clock);
                    events.register(dispatcher, runtime);
                    g.events.set(events);
                    g.moves.bind(runtime.sessions(), s.states());
                });
    }

    private Stores stores(RedisLink<String, byte[]> redis) {
        return stores.updateAndGet(existing -> existing != null ? existing : newStores(redis));
    }

    private Stores newStores(RedisLink<String, byte[]> redis) {
        DirectoryStore directory = new DirectoryStore(redis, clock);
        NoticeStore notices = new NoticeStore(redis, clock);
        FollowedChannels followed = new FollowedChannels(hierarchy, conversations);
        return new Stores(directory, notices, followed, new NoticeLoginStates(notices, followed));
    }

    private static Optional<MemberIdentity> identity(Optional<MemberInfo> member) {
        return member.map(m -> new MemberIdentity(m.id(), m.unit(), m.role(), m.name()));
    }
}
