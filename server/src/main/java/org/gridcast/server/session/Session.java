package org.gridcast.server.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.AttributeKey;
import java.util.ArrayDeque;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.seeds.Role;
import org.gridcast.server.net.Envelopes;
import org.gridcast.server.net.Replies;
import org.gridcast.server.net.SessionPipeline;
import org.gridcast.server.net.Transport;

/**
 * A logged-in connection: who (member, device, home unit, role) and where (the Netty channel).
 * Pushes take pre-encoded frames so one encoding serves every session; a push to a session that
 * cannot take more bytes is dropped and the session marked lagging (it gets a SyncHint once it
 * drains; the notices themselves are safe in Redis).
 */
public final class Session {
    public static final AttributeKey<Session> KEY = AttributeKey.valueOf("gridcast.session");

    /**
     * Random, so unique across nodes (a kick names the session it spares); a number rather than
     * a UUID string, which was 80 bytes of every idle session's heap. Shown as hex by {@link #id()}.
     */
    private final long id;
    private final String member;
    private final String device;
    private final String name;
    private final long tokenIssuedAtMs;
    /** When the login token expires (ms since the epoch); the session is closed then, see {@link IdleSweeper}. */
    private final long tokenExpiresAtMs;
    private final Channel channel;
    private final Transport transport;
    /**
     * Where pushes enter the pipeline: the first envelope-level handler, so a pre-encoded frame
     * skips the walk past every inbound-only handler after it (a fan-out writes to thousands of
     * sessions per notice, and that walk showed in the profile). Null before the envelope
     * handlers are installed, then writes start at the tail.
     */
    private final ChannelHandlerContext out;
    private volatile String unit;
    private volatile Role role;
    private volatile boolean lagging;
    /** Set by the first kick: later ones (a sweep during the close grace) send nothing more. */
    private volatile boolean kicked;
    /** When the client last sent a frame (System.nanoTime); see {@link IdleSweeper}. */
    private volatile long lastReadNanos = System.nanoTime();
    /** Requests being handled; {@link RequestFlow}, event loop only. */
    private int requestsInFlight;
    /** Requests read but not started yet; {@link RequestFlow}, event loop only, made when first needed. */
    private ArrayDeque<Envelope> waitingRequests;

    /** A session whose token never expires (tests and tools). */
    public Session(long id, MemberIdentity identity, String device, long tokenIssuedAtMs, Channel channel) {
        this(id, identity, device, tokenIssuedAtMs, Long.MAX_VALUE, channel);
    }

    public Session(long id, MemberIdentity identity, String device, long tokenIssuedAtMs, long tokenExpiresAtMs,
                   Channel channel) {
        this.id = id;
        this.member = identity.member();
        // interned: a unit id and a device name ("phone") are shared by thousands of sessions,
        // and each login reads them afresh from Redis or the wire (~110 bytes per idle session)
        this.unit = identity.unit().intern();
        this.role = identity.role();
        this.name = identity.name();
        this.device = device.intern();
        this.tokenIssuedAtMs = tokenIssuedAtMs;
        this.tokenExpiresAtMs = tokenExpiresAtMs;
        this.channel = channel;
        Transport t = channel.attr(Transport.KEY).get();
        this.transport = t == null ? Transport.TCP : t;
        this.out = channel.pipeline().context(SessionPipeline.FIRST);
    }

    /**
     * Makes this the session of its channel. The channel's transport attribute goes: the session
     * carries the transport from now on ({@link Replies} looks there), and an attribute left on
     * the channel is ~30 bytes of every idle connection's heap.
     */
    @SuppressWarnings("deprecation") // Netty deprecates removal for races on the key; the pipeline set it once, long ago
    public void attach() {
        channel.attr(KEY).set(this);
        channel.attr(Transport.KEY).getAndRemove();
    }

    /** How this session's connection carries frames. */
    public Transport transport() {
        return transport;
    }

    /** The session of a channel, or null before login. */
    public static Session of(Channel channel) {
        return channel.attr(KEY).get();
    }

    /** The session's id as it travels in kicks: hex, made when asked (rarely: a login, a kick). */
    public String id() {
        return Long.toHexString(id);
    }

    public String member() {
        return member;
    }

    public String device() {
        return device;
    }

    public String unit() {
        return unit;
    }

    public Role role() {
        return role;
    }

    public String name() {
        return name;
    }

    public long tokenIssuedAtMs() {
        return tokenIssuedAtMs;
    }

    public long tokenExpiresAtMs() {
        return tokenExpiresAtMs;
    }

    public Channel channel() {
        return channel;
    }

    public boolean isLagging() {
        return lagging;
    }

    /** The client sent a frame now. */
    public void touch() {
        lastReadNanos = System.nanoTime();
    }

    public long lastReadNanos() {
        return lastReadNanos;
    }

    /** Requests of this session being handled now. */
    public int requestsInFlight() {
        return requestsInFlight;
    }

    void requestStarted() {
        requestsInFlight++;
    }

    void requestFinished() {
        requestsInFlight--;
    }

    /** Requests read but not started yet. */
    int waitingRequests() {
        return waitingRequests == null ? 0 : waitingRequests.size();
    }

    void addWaitingRequest(Envelope request) {
        if (waitingRequests == null) {
            waitingRequests = new ArrayDeque<>(4);
        }
        waitingRequests.add(request);
    }

    /** The oldest waiting request; the queue is dropped once empty, so an idle session holds none. */
    Envelope pollWaitingRequest() {
        Envelope next = waitingRequests.poll();
        if (waitingRequests.isEmpty()) {
            waitingRequests = null;
        }
        return next;
    }

    /** Clears the lagging mark; true when it was set (the caller then sends a SyncHint). */
    public boolean clearLagging() {
        boolean was = lagging;
        lagging = false;
        return was;
    }

    /** Writes a pre-encoded frame and flushes. Takes ownership of {@code frame}. */
    public boolean push(ByteBuf frame) {
        boolean written = write(frame);
        if (written) {
            flush();
        }
        return written;
    }

    /**
     * Writes a pre-encoded frame without flushing (the fan-out flushes once per loop turn).
     * Takes ownership of {@code frame}. False when skipped because the session is not writable.
     */
    public boolean write(ByteBuf frame) {
        if (!channel.isActive() || !channel.isWritable()) {
            frame.release();
            lagging = channel.isActive();
            return false;
        }
        Object msg = transport.wrap(frame);
        if (out != null) {
            out.write(msg, out.voidPromise());
        } else {
            channel.write(msg, channel.voidPromise());
        }
        return true;
    }

    public void flush() {
        if (out != null) {
            out.flush();
        } else {
            channel.flush();
        }
    }

    /** Sends one envelope (a reply or a push) and flushes. */
    public void send(Envelope envelope) {
        Replies.send(channel, envelope);
    }

    /** Tells the client why, then closes. */
    public void kick(ErrorCode reason, String message) {
        if (kicked) {
            return;
        }
        kicked = true;
        kick(channel, reason, message);
    }

    /** True once the session was told to go (it is closing). */
    public boolean isKicked() {
        return kicked;
    }

    /** Sends Kicked on a channel (logged in or not) and closes it, bounded by the close grace. */
    public static void kick(Channel channel, ErrorCode reason, String message) {
        Replies.sendAndClose(channel, Envelopes.kicked(reason, message));
    }

    void moveTo(String newUnit, Role newRole) {
        this.unit = newUnit.intern();
        this.role = newRole;
    }

    @Override
    public String toString() {
        return "Session[" + id() + " " + member + "/" + device + "@" + unit + "]";
    }
}
