package org.gridcast.server.fanout;

/** Redis pub/sub channel names shared by every node (see docs/ARCHITECTURE.md). */
public final class NodeChannels {
    /** Control messages every node applies (revocations): {@code NodeMessage} bytes. */
    public static final String CONTROL = "control";

    private NodeChannels() {
    }

    /** Notices and control messages for one node: {@code NodeMessage} bytes. */
    public static String node(String nodeId) {
        return "node:" + nodeId;
    }
}
