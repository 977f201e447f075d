package org.gridcast.server.fanout;

import org.gridcast.server.redis.RedisKeys;
import com.google.protobuf.InvalidProtocolBufferException;
import org.gridcast.server.redis.RedisLink;
import java.util.concurrent.CompletionStage;
import java.util.List;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.UnreadPush;
import org.gridcast.protocol.node.KickSession;
import org.gridcast.protocol.node.NodeMessage;
import org.gridcast.protocol.node.ReadMoved;
import org.gridcast.server.metrics.GridcastMetrics;
import org.gridcast.server.net.Envelopes;
import org.gridcast.server.session.Session;
import org.gridcast.server.session.SessionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's end of Redis pub/sub: listens on {@code node:<thisNode>} and {@code control} on
 * a connection of its own and applies each {@link NodeMessage} to local sessions. Messages
 * arrive on Lettuce's thread; everything done here only queues work on Netty's loops.
 */
public final class NodeBus implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeBus.class);

    private final String node;
    private final NodeSubscriber subscriber;
    private final NodeFanout nodes;
    private final SessionRegistry registry;
    private final LocalFanout fanout;
    private final MemberMovedListener moves;
    private final GridcastMetrics metrics;

    public NodeBus(String node, NodeSubscriber subscriber,
            RedisLink<String, byte[]> publisher, SessionRegistry registry, LocalFanout fanout,
            MemberMovedListener moves, GridcastMetrics metrics) {
        this.node = node;
        this.subscriber = subscriber;
        this.nodes = new NodeFanout(publisher);
        this.registry = registry;
        this.fanout = fanout;
        this.moves = moves;
        this.metrics = metrics;
    }

    /** Subscribes; blocking, call at startup: a node that cannot subscribe must not accept clients. */
    public void start() throws Exception {
        subscriber.subscribe(List.of(RedisKeys.nodeChannel(node), RedisKeys.CONTROL), this::receive);
    }

    /** Times a sharded subscription of this node moved to another master (0 on one Redis). */
    public long resubscriptions() {
        return subscriber instanceof ShardedSubscriber s ? s.resubscriptions() : 0;
    }

    /** Sends a message to one node; completes with the number of subscribers that got it. */
    public CompletionStage<Long> publish(String toNode, NodeMessage message) {
        return nodes.publish(toNode, message.toByteArray());
    }

    void receive(byte[] bytes) {
        NodeMessage message;
        try {
            message = NodeMessage.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            metrics.nodeMessage("garbage");
            log.warn("undecodable node message ({} bytes)", bytes.length);
            return;
        }
        metrics.nodeMessage(message.getBodyCase().name().toLowerCase());
        try {
            apply(message);
        } catch (RuntimeException e) {
            log.error("node message {} failed", message.getBodyCase(), e);
        }
    }

    private void apply(NodeMessage message) {
        switch (message.getBodyCase()) {
            case NOTICE -> fanout.deliver(message.getNotice()).exceptionally(e -> {
                log.error("fan-out of {} failed", message.getNotice().getChannel(), e);
                return 0;
            });
            case READ_MOVED -> readMoved(message.getReadMoved());
            case KICK -> kick(message.getKick());
            case MEMBER_MOVED -> moves.memberMoved(message.getMemberMoved());
            case BODY_NOT_SET -> log.debug("empty node message");
        }
    }

    private void readMoved(ReadMoved moved) {
        UnreadPush push = UnreadPush.newBuilder().setChannel(moved.getChannel()).setRead(moved.getRead())
                .setUnreadTotal(moved.getUnreadTotal()).build();
        for (Session s : registry.byMember(moved.getMember())) {
            s.send(Envelopes.push(push));
        }
    }

    private void kick(KickSession kick) {
        ErrorCode reason = kick.getReason() == ErrorCode.ERROR_CODE_UNSPECIFIED ? ErrorCode.REVOKED : kick.getReason();
        for (Session s : registry.byMember(kick.getMember())) {
            boolean device = kick.getDevice().isEmpty() || kick.getDevice().equals(s.device());
            if (device && !s.id().equals(kick.getExceptSession())) {
                s.kick(reason, reason == ErrorCode.REPLACED ? "signed in again on this device" : "closed by the server");
            }
        }
    }

    @Override
    public void close() {
        subscriber.close();
    }
}
