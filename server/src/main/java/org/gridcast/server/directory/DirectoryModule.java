package org.gridcast.server.directory;

import java.time.Duration;
import org.gridcast.protocol.Envelope.BodyCase;
import org.gridcast.seeds.SeedSources;
import org.gridcast.server.HandlerModule;
import org.gridcast.server.ServerRuntime;
import org.gridcast.server.fanout.MemberBroadcast;
import org.gridcast.server.net.Dispatcher;
import org.gridcast.server.notice.FollowedChannels;
import org.gridcast.server.notice.NoticeStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports the seeds on first start, loads the unit tree before the node accepts clients, and
 * registers the directory requests (listing, moves, invites, revocation, presence).
 */
public final class DirectoryModule implements HandlerModule {
    private static final Logger log = LoggerFactory.getLogger(DirectoryModule.class);
    /** A million-member synthetic town imports in about 20 s on the 2-core machine. */
    private static final Duration IMPORT_TIMEOUT = Duration.ofMinutes(10);

    private final DirectoryStore directory;
    private final DirectoryHierarchy hierarchy;
    private final NoticeStore notices;
    private final FollowedChannels followed;
    private final String seeds;

    public DirectoryModule(DirectoryStore directory, DirectoryHierarchy hierarchy, NoticeStore notices,
                           FollowedChannels followed, String seeds) {
        this.directory = directory;
        this.hierarchy = hierarchy;
        this.notices = notices;
        this.followed = followed;
        this.seeds = seeds;
    }

    @Override
    public void register(Dispatcher dispatcher, ServerRuntime runtime) {
        try {
            ImportResult imported = directory.importIfEmpty(SeedSources.open(seeds)).toCompletableFuture()
                    .get(IMPORT_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            log.info("directory: {}", imported);
            hierarchy.set(directory.loadTree().toCompletableFuture().get(1, java.util.concurrent.TimeUnit.MINUTES));
        } catch (Exception e) {
            throw new IllegalStateException("directory could not be loaded", e);
        }
        Invites invites = new Invites(runtime.redis(), runtime.clock());
        MemberBroadcast broadcast = new MemberBroadcast(runtime.redis(), runtime.nodeBus());
        MemberChanges changes = new MemberChanges(directory, notices, followed, broadcast);
        DirectoryAudit audit = new DirectoryAudit(runtime.redis(), runtime.clock());
        dispatcher.register(BodyCase.GET_DIRECTORY, new GetDirectoryHandler(directory, hierarchy))
                .register(BodyCase.MOVE_MEMBER, new MoveMemberHandler(directory, hierarchy, changes,
                        new MoveNotices(notices)))
                .register(BodyCase.ADD_MEMBER, new AddMemberHandler(directory, hierarchy, changes))
                .register(BodyCase.REMOVE_MEMBER, new RemoveMemberHandler(directory, hierarchy, changes, runtime.revocations()))
                .register(BodyCase.ISSUE_INVITE, new IssueInviteHandler(invites, directory, hierarchy, audit))
                .register(BodyCase.REVOKE, new RevokeHandler(runtime.revocations()))
                .register(BodyCase.GET_PRESENCE, new PresenceHandler(runtime.presenceQuery(), hierarchy, directory))
                .registerAnonymous(BodyCase.REDEEM_INVITE,
                        new RedeemInviteHandler(invites, directory, changes, runtime.tokens(), audit));
    }
}
