package org.gridcast.server.auth;

import org.gridcast.server.fanout.NodeFanout;
import org.gridcast.server.redis.RedisKeys;
import io.lettuce.core.KeyValue;
import org.gridcast.server.redis.RedisLink;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.node.KickSession;
import org.gridcast.protocol.node.NodeMessage;

/**
 * Operator revocations in Redis: {@code revoked:<member>} and {@code revoked:<member>:<device>}
 * hold the revocation time in ms. A token issued at or before that time is refused; a token
 * issued later is valid again, so re-admitting a member is just issuing a new token.
 * Revoking also publishes a kick on {@link RedisKeys#CONTROL}, which every node applies to
 * its live sessions.
 */
public final class Revocations {
    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final NodeFanout fanout;
    private final Clock clock;

    public Revocations(RedisLink<String, byte[]> connection, Clock clock) {
        this.redis = connection.async();
        this.fanout = new NodeFanout(connection);
        this.clock = clock;
    }

    public static String memberKey(String member) {
        return RedisKeys.revoked(member);
    }

    public static String deviceKey(String member, String device) {
        return RedisKeys.revokedDevice(member, device);
    }

    /** Refuses every token of the member issued until now and closes its live sessions. */
    public CompletionStage<Void> revokeMember(String member) {
        return revoke(memberKey(member), member, "", "");
    }

    /** Refuses the device's tokens issued until now and closes its live session. */
    public CompletionStage<Void> revokeDevice(String member, String device) {
        if (device.isEmpty()) {
            throw new IllegalArgumentException("device must not be empty");
        }
        return revoke(deviceKey(member, device), member, device, "");
    }

    /**
     * Refuses the device's tokens issued until now and closes its sessions except
     * {@code keepSession}, which the caller closes itself (a Logout answers Ok first).
     */
    public CompletionStage<Void> revokeDevice(String member, String device, String keepSession) {
        if (device.isEmpty()) {
            throw new IllegalArgumentException("device must not be empty");
        }
        return revoke(deviceKey(member, device), member, device, keepSession);
    }

    public CompletionStage<Boolean> isRevoked(String member, String device, long issuedAtMs) {
        String[] keys = device.isEmpty()
                ? new String[] {memberKey(member)}
                : new String[] {memberKey(member), deviceKey(member, device)};
        return redis.mget(keys).thenApply(values -> revokedAfter(values, issuedAtMs));
    }

    private CompletionStage<Void> revoke(String key, String member, String device, String keepSession) {
        byte[] now = Long.toString(clock.millis()).getBytes(StandardCharsets.US_ASCII);
        NodeMessage kick = NodeMessage.newBuilder()
                .setKick(KickSession.newBuilder().setMember(member).setDevice(device).setReason(ErrorCode.REVOKED)
                        .setExceptSession(keepSession))
                .build();
        return redis.set(key, now)
                .thenCompose(ok -> fanout.control(kick.toByteArray()))
                .thenApply(receivers -> null);
    }

    private static boolean revokedAfter(List<KeyValue<String, byte[]>> values, long issuedAtMs) {
        for (KeyValue<String, byte[]> kv : values) {
            if (kv.hasValue()) {
                long revokedAt = Long.parseLong(new String(kv.getValue(), StandardCharsets.US_ASCII));
                if (issuedAtMs <= revokedAt) {
                    return true;
                }
            }
        }
        return false;
    }
}
