package org.gridcast.client;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.gridcast.protocol.AddMember;
import org.gridcast.protocol.ChannelState;
import org.gridcast.protocol.Confirm;
import org.gridcast.protocol.Cursor;
import org.gridcast.protocol.DirectoryPage;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.EventResult;
import org.gridcast.protocol.Fetch;
import org.gridcast.protocol.FetchResult;
import org.gridcast.protocol.GetDirectory;
import org.gridcast.protocol.GetPresence;
import org.gridcast.protocol.GetReceipts;
import org.gridcast.protocol.GetUnread;
import org.gridcast.protocol.InviteIssued;
import org.gridcast.protocol.InviteRedeemed;
import org.gridcast.protocol.IssueInvite;
import org.gridcast.protocol.Kicked;
import org.gridcast.protocol.Login;
import org.gridcast.protocol.LoginOk;
import org.gridcast.protocol.MarkRead;
import org.gridcast.protocol.Member;
import org.gridcast.protocol.MoveMember;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.protocol.NoticePosted;
import org.gridcast.protocol.NoticePush;
import org.gridcast.protocol.Ping;
import org.gridcast.protocol.PostNotice;
import org.gridcast.protocol.PresenceInfo;
import org.gridcast.protocol.ReceiptList;
import org.gridcast.protocol.Receipts;
import org.gridcast.protocol.Recipients;
import org.gridcast.protocol.RedeemInvite;
import org.gridcast.protocol.Reminded;
import org.gridcast.protocol.RemindUnread;
import org.gridcast.protocol.RemoveMember;
import org.gridcast.protocol.Revoke;
import org.gridcast.protocol.UnreadCounts;
import org.gridcast.protocol.UnreadPush;

/**
 * A Gridcast client over TCP: logs in with a token, syncs what the device missed from its cursors,
 * receives live pushes (deduplicated by channel and seq, gaps fetched), keeps the connection alive
 * with pings and reconnects with jittered backoff. Requests return futures that complete on the
 * connection's reader thread; listener callbacks run on one event thread, in order.
 *
 * <p>Only protobuf-java and the JDK: an Android app can embed it.
 */
public final class GridcastClient implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GridcastClient.class.getName());

    /** Used when the server advertises no heartbeat interval. */
    public static final int DEFAULT_HEARTBEAT_SECONDS = 30;

    /** Silence for this many heartbeat intervals means the connection is dead (the design's "~3 missed beats"). */
    public static final int MISSED_HEARTBEATS = 3;

    /**
     * Most cursors sent in one Login. A member follows a handful of channels; the cap keeps a
     * store that collected stale channels from producing a Login over the frame limit.
     */
    public static final int MAX_LOGIN_CURSORS = 1000;

    /** How long close() waits for the event thread to finish its queued callbacks and the cursor flush. */
    public static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /** Login errors after which reconnecting with the same token cannot help. */
    private static final Set<String> FATAL_LOGIN_ERRORS = Set.of(
            ErrorCode.UNAUTHENTICATED.name(), ErrorCode.REVOKED.name(),
            ErrorCode.UNSUPPORTED_VERSION.name(), ErrorCode.FORBIDDEN.name());

    private final String host;
    private final int port;
    private final String token;
    private final String device;
    private final ClientOptions options;
    /** Null for plaintext; built once, so a bad CA file fails {@link Builder#build()}, not a reconnect. */
    private final TlsSockets tls;
    private final CursorStore cursors;
    private final NoticeListener listener;
    private final ChannelSync sync;
    private final Backoff backoff;
    /** Refusals that mean "later": a sync fetch refused so waits with backoff and asks again. */
    private static final Set<String> RETRIED_BY_SYNC = Set.of(ErrorCode.RATE_LIMITED.name(), ErrorCode.UNAVAILABLE.name());
    /** Per page; with the default backoff the waits add up to at most ~30 s before giving up. */
    private static final int MAX_SYNC_FETCH_RETRIES = 6;
    private final ExecutorService events;
    /** The events executor's thread, so close() called from a callback does not wait for itself. */
    private volatile Thread eventThread;
    private final ScheduledExecutorService timer;

    private volatile Connection current;
    private volatile LoginOk session;
    private volatile boolean closed;
    private volatile boolean stopReconnecting;
    private volatile ScheduledFuture<?> heartbeat;
    private int failedAttempts; // event thread only

    private GridcastClient(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.token = b.token;
        this.device = b.device;
        this.options = b.options;
        this.tls = tlsFor(options);
        this.cursors = b.cursors;
        this.listener = b.listener;
        this.sync = new ChannelSync(cursors, listener, options);
        this.backoff = new Backoff(options);
        this.events = Executors.newSingleThreadExecutor(r -> {
            Thread t = daemon("gridcast-events").newThread(r);
            eventThread = t;
            return t;
        });
        this.timer = newTimer();
    }

    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Connects and logs in, then (with {@link ClientOptions#syncOnLogin()}) syncs. Completes with
     * the LoginOk, or fails with CONNECT_FAILED, TLS_FAILED, TIMEOUT or the server's error (UNAUTHENTICATED, ...).
     * A failed first attempt is not retried (call again); once logged in, a dropped connection is.
     * Calling it while connected completes with the current session.
     */
    public CompletableFuture<LoginOk> connect() {
        CompletableFuture<LoginOk> result = new CompletableFuture<>();
        if (!onEvents(() -> {
            try {
                if (isConnected()) {
                    result.complete(session); // already logged in: one connection per client
                    return;
                }
                LoginOk ok = login();
                result.complete(ok);
                syncPass();
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        })) {
            result.completeExceptionally(closedError("client closed"));
        }
        return result;
    }

    /** True while a logged-in connection is open. */
    public boolean isConnected() {
        Connection c = current;
        return c != null && !c.isClosed();
    }

    /** The latest LoginOk (updated by directory changes), or null before the first login. */
    public LoginOk session() {
        return session;
    }

    /**
     * Closes the connection and stops reconnecting. Cursors are flushed by the event thread's
     * last task; close waits up to {@link #CLOSE_WAIT} for it (and for callbacks already
     * queued), so a caller that reads the cursor store right after close sees every delivery.
     * Called from a callback, it cannot wait for its own thread and returns at once; called
     * from a future's continuation on the reader or timer thread it may block that thread for
     * up to {@link #CLOSE_WAIT}.
     */
    @Override
    public void close() {
        closed = true;
        stopHeartbeat();
        Connection c = current;
        if (c != null) {
            c.close("client closed");
        }
        onEvents(cursors::flush);
        events.shutdown();
        timer.shutdown();
        if (Thread.currentThread() != eventThread) {
            try {
                events.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------ requests

    /**
     * Sends any request (version and request_id are set here) and completes with the reply
     * envelope; an Error reply fails it with a {@link GridcastClientException}.
     */
    public CompletableFuture<Envelope> call(Envelope.Builder request) {
        Connection c = current;
        if (c == null) {
            return CompletableFuture.failedFuture(closedError("not connected"));
        }
        return c.request(request);
    }

    /** Posts a notice (to a unit or to recipients, as set in {@code post}). */
    public CompletableFuture<NoticePosted> post(PostNotice post) {
        return typed(Envelope.newBuilder().setPostNotice(post), Envelope.BodyCase.NOTICE_POSTED, Envelope::getNoticePosted);
    }

    /** Posts a notice to a unit's channel (its whole subtree). */
    public CompletableFuture<NoticePosted> postToUnit(String unit, NoticeBody body, String clientMsgId) {
        return post(PostNotice.newBuilder().setUnit(unit).setBody(body).setClientMsgId(clientMsgId).build());
    }

    /** Posts a point-to-point notice to members. */
    public CompletableFuture<NoticePosted> postToMembers(Collection<String> members, NoticeBody body, String clientMsgId) {
        return post(PostNotice.newBuilder()
                .setTo(Recipients.newBuilder().addAllMembers(members))
                .setBody(body).setClientMsgId(clientMsgId).build());
    }

    /** Entries (afterSeq, afterSeq + limit] of a channel. */
    public CompletableFuture<FetchResult> fetch(String channel, long afterSeq, int limit) {
        return typed(Envelope.newBuilder().setFetch(Fetch.newBuilder().setChannel(channel).setAfterSeq(afterSeq).setLimit(limit)),
                Envelope.BodyCase.FETCH_RESULT, Envelope::getFetchResult);
    }

    /**
     * Raises the member's read cursor. Completes with the read cursor the server reports (when it
     * answers with an UnreadPush), otherwise with {@code seq}.
     */
    public CompletableFuture<Long> markRead(String channel, long seq) {
        return call(Envelope.newBuilder().setMarkRead(MarkRead.newBuilder().setChannel(channel).setSeq(seq)))
                .thenApply(reply -> reply.getBodyCase() == Envelope.BodyCase.UNREAD_PUSH ? reply.getUnreadPush().getRead() : seq);
    }

    /** Confirms (回执) one notice; implies read up to it. */
    public CompletableFuture<Void> confirm(String channel, long seq) {
        return untyped(Envelope.newBuilder().setConfirm(Confirm.newBuilder().setChannel(channel).setSeq(seq)));
    }

    /** Unread counts: total and per channel (only channels with unread > 0). */
    public CompletableFuture<UnreadCounts> unread() {
        return typed(Envelope.newBuilder().setGetUnread(GetUnread.getDefaultInstance()),
                Envelope.BodyCase.UNREAD_COUNTS, Envelope::getUnreadCounts);
    }

    /** Read/unread/confirmed counts of a notice, and one page of the asked list. */
    public CompletableFuture<Receipts> receipts(String channel, long seq, ReceiptList list, String pageToken, int limit) {
        return typed(Envelope.newBuilder().setGetReceipts(GetReceipts.newBuilder()
                        .setChannel(channel).setSeq(seq).setList(list).setPageToken(pageToken).setLimit(limit)),
                Envelope.BodyCase.RECEIPTS, Envelope::getReceipts);
    }

    /** Reminds every member who has not read the notice (rate-limited by the server). */
    public CompletableFuture<Reminded> remindUnread(String channel, long seq) {
        return typed(Envelope.newBuilder().setRemindUnread(RemindUnread.newBuilder().setChannel(channel).setSeq(seq)),
                Envelope.BodyCase.REMINDED, Envelope::getReminded);
    }

    /** One page of a subtree's units (and members); unit empty = the caller's scope. */
    public CompletableFuture<DirectoryPage> directory(String unit, boolean members, String pageToken, int limit) {
        return typed(Envelope.newBuilder().setGetDirectory(GetDirectory.newBuilder()
                        .setUnit(unit).setMembers(members).setPageToken(pageToken).setLimit(limit)),
                Envelope.BodyCase.DIRECTORY_PAGE, Envelope::getDirectoryPage);
    }

    /** Moves a member to another unit (a resident changing micro-grid). */
    public CompletableFuture<Void> moveMember(String member, String toUnit) {
        return untyped(Envelope.newBuilder().setMoveMember(MoveMember.newBuilder().setMember(member).setToUnit(toUnit)));
    }

    /**
     * Adds a member. Completes with the member the server returns in a DirectoryPage reply, or with
     * the request's fields when the server answers Ok.
     */
    public CompletableFuture<Member> addMember(AddMember add) {
        return call(Envelope.newBuilder().setAddMember(add)).thenApply(reply -> {
            if (reply.getBodyCase() == Envelope.BodyCase.DIRECTORY_PAGE && reply.getDirectoryPage().getMembersCount() > 0) {
                return reply.getDirectoryPage().getMembers(0);
            }
            return Member.newBuilder().setId(add.getMember()).setUnit(add.getUnit())
                    .setName(add.getName()).setRole(add.getRole()).setTag(add.getTag()).build();
        });
    }

    /** Removes a member from the directory. */
    public CompletableFuture<Void> removeMember(String member) {
        return untyped(Envelope.newBuilder().setRemoveMember(RemoveMember.newBuilder().setMember(member)));
    }

    /** Issues an invite code for a micro-grid. */
    public CompletableFuture<InviteIssued> issueInvite(IssueInvite invite) {
        return typed(Envelope.newBuilder().setIssueInvite(invite), Envelope.BodyCase.INVITE_ISSUED, Envelope::getInviteIssued);
    }

    /** Operator only: closes the member's sessions (all, or one device when not empty) and refuses their tokens. */
    public CompletableFuture<Void> revoke(String member, String device) {
        return untyped(Envelope.newBuilder().setRevoke(Revoke.newBuilder().setMember(member).setDevice(device)));
    }

    /** Online count of a subtree and which of the given members are online. */
    public CompletableFuture<PresenceInfo> presence(String unit, Collection<String> members) {
        return typed(Envelope.newBuilder().setGetPresence(GetPresence.newBuilder().setUnit(unit).addAllMembers(members)),
                Envelope.BodyCase.PRESENCE_INFO, Envelope::getPresenceInfo);
    }

    /** An event or consultation call (events.proto). */
    public CompletableFuture<EventResult> event(EventCall call) {
        return typed(Envelope.newBuilder().setEventCall(call), Envelope.BodyCase.EVENT_RESULT, Envelope::getEventResult);
    }

    /**
     * Redeems an invite code on a connection of its own, before any login: completes with the new
     * member id and a token bound to {@code device}.
     */
    public static CompletableFuture<InviteRedeemed> redeemInvite(String host, int port, String code, String device,
                                                                 String name, ClientOptions options) {
        ScheduledExecutorService timer = newTimer();
        CompletableFuture<InviteRedeemed> result = new CompletableFuture<>();
        result.whenComplete((r, e) -> timer.shutdown());
        timer.execute(() -> {
            try {
                Connection c = Connection.open(host, port, options, tlsFor(options), timer,
                        (conn, push) -> { }, (conn, reason) -> { });
                c.request(Envelope.newBuilder().setRedeemInvite(
                                RedeemInvite.newBuilder().setCode(code).setDevice(device).setName(name)))
                        .thenApply(expect(Envelope.BodyCase.INVITE_REDEEMED, Envelope::getInviteRedeemed))
                        .whenComplete((redeemed, error) -> {
                            c.close("done");
                            complete(result, redeemed, error);
                        });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    // ------------------------------------------------------------------ session machinery

    private static TlsSockets tlsFor(ClientOptions options) {
        return options.tls() ? TlsSockets.trusting(options.tlsCaFile().orElse(null)) : null;
    }

    /** Opens a connection and logs in; on the event thread. Throws GridcastClientException. */
    private LoginOk login() {
        if (closed) {
            throw closedError("client closed");
        }
        Connection c = Connection.open(host, port, options, tls, timer,
                (conn, push) -> onEvents(() -> onPush(conn, push)),
                (conn, reason) -> onEvents(() -> onClosed(conn, reason)));
        Login.Builder login = Login.newBuilder().setToken(token).setDevice(device).setClientVersion(options.clientVersion());
        cursors.snapshot().entrySet().stream().limit(MAX_LOGIN_CURSORS)
                .forEach(e -> login.addCursors(Cursor.newBuilder().setChannel(e.getKey()).setDelivered(e.getValue())));
        LoginOk ok;
        try {
            ok = await(c.request(Envelope.newBuilder().setLogin(login))
                    .thenApply(expect(Envelope.BodyCase.LOGIN_OK, Envelope::getLoginOk)));
        } catch (RuntimeException e) {
            c.close("login failed: " + e.getMessage());
            throw e;
        }
        current = c;
        if (closed) {
            // close() ran while the login was in flight and may have read current before it was
            // set (close writes closed, then reads current; this writes current, then reads closed)
            c.close("client closed");
            throw closedError("client closed");
        }
        session = ok;
        failedAttempts = 0;
        startHeartbeat(c, ok.getHeartbeatSeconds() > 0 ? ok.getHeartbeatSeconds() : DEFAULT_HEARTBEAT_SECONDS);
        sync.follow(ok.getChannelsList());
        safely(() -> listener.onConnected(ok));
        safely(() -> listener.onUnread(ok.getUnreadTotal(), "", 0));
        return ok;
    }

    /** One sync pass over the followed channels; unfinished channels continue in later event tasks. */
    private void syncPass() {
        if (!options.syncOnLogin()) {
            return;
        }
        try {
            List<String> unfinished = sync.syncAll(this::fetchBlocking);
            cursors.flush();
            continueSync(unfinished);
        } catch (Exception e) {
            // The connection is likely going away; the next login syncs from the cursors.
            LOG.log(Level.FINE, "sync interrupted: " + e);
        }
    }

    private void continueSync(List<String> unfinished) {
        if (unfinished.isEmpty()) {
            safely(listener::onSynced);
            return;
        }
        onEvents(() -> {
            try {
                List<String> still = new java.util.ArrayList<>();
                for (String channel : unfinished) {
                    if (!sync.syncChannel(channel, this::fetchBlocking)) {
                        still.add(channel);
                    }
                }
                cursors.flush();
                continueSync(still);
            } catch (Exception e) {
                LOG.log(Level.FINE, "sync interrupted: " + e);
            }
        });
    }

    private FetchResult fetchBlocking(String channel, long afterSeq, int limit) {
        if (!options.syncOnLogin()) {
            // One-shot clients deliver pushes but never fetch; an empty page ends gap repair.
            return FetchResult.newBuilder().setChannel(channel).build();
        }
        for (int attempt = 0; ; attempt++) {
            try {
                return await(fetch(channel, afterSeq, limit));
            } catch (GridcastClientException e) {
                // A long backlog is many pages; a server that sheds (busy, or this connection's
                // request rate) asks us to come back later, not to give the sync up.
                if (!RETRIED_BY_SYNC.contains(e.code()) || attempt >= MAX_SYNC_FETCH_RETRIES) {
                    throw e;
                }
                pause(backoff.delay(attempt));
            }
        }
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw closedError("interrupted");
        }
    }

    private void onPush(Connection conn, Envelope push) {
        switch (push.getBodyCase()) {
            case NOTICE_PUSH -> onNoticePush(push.getNoticePush());
            case UNREAD_PUSH -> {
                UnreadPush u = push.getUnreadPush();
                safely(() -> listener.onUnread(u.getUnreadTotal(), u.getChannel(), u.getRead()));
            }
            case SYNC_HINT -> resync(push.getSyncHint().getChannelsList(), push.getSyncHint().getUnreadTotal());
            case DIRECTORY_CHANGED -> {
                var changed = push.getDirectoryChanged();
                LoginOk s = session;
                if (s != null) {
                    session = s.toBuilder().setUnit(changed.getUnit()).setRole(changed.getRole())
                            .clearChannels().addAllChannels(changed.getChannelsList()).build();
                }
                resync(changed.getChannelsList(), changed.getUnreadTotal());
            }
            case KICKED -> onKicked(conn, push.getKicked());
            default -> LOG.log(Level.FINE, "ignored push " + push.getBodyCase());
        }
    }

    private void onNoticePush(NoticePush push) {
        try {
            sync.onPush(push.getNotice(), this::fetchBlocking);
            cursors.flush();
        } catch (Exception e) {
            LOG.log(Level.FINE, "gap repair interrupted: " + e);
        }
        if (push.getUnreadTotal() > 0) {
            safely(() -> listener.onUnread(push.getUnreadTotal(), "", 0));
        }
    }

    private void resync(List<ChannelState> channels, long unreadTotal) {
        sync.follow(channels);
        safely(() -> listener.onUnread(unreadTotal, "", 0));
        syncPass();
    }

    private void onKicked(Connection conn, Kicked kicked) {
        if (conn != current) {
            return;
        }
        boolean forGood = kicked.getReason() == ErrorCode.REPLACED || kicked.getReason() == ErrorCode.REVOKED;
        if (forGood) {
            stopReconnecting = true;
        }
        safely(() -> listener.onKicked(kicked.getReason(), kicked.getMessage()));
        conn.close("kicked: " + kicked.getReason().name());
        if (forGood) {
            safely(() -> listener.onGaveUp(kicked.getReason().name(), kicked.getMessage()));
        }
    }

    private void onClosed(Connection conn, String reason) {
        if (conn != current) {
            return;
        }
        current = null;
        stopHeartbeat();
        cursors.flush();
        safely(() -> listener.onDisconnected(reason));
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (closed || stopReconnecting || !options.autoReconnect()) {
            return;
        }
        Duration delay = backoff.delay(failedAttempts++);
        try {
            timer.schedule(() -> onEvents(this::reconnect), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void reconnect() {
        if (closed || stopReconnecting) {
            return;
        }
        try {
            login();
            syncPass();
        } catch (GridcastClientException e) {
            if (FATAL_LOGIN_ERRORS.contains(e.code())) {
                stopReconnecting = true;
                safely(() -> listener.onDisconnected("login refused: " + e.code() + ": " + e.getMessage()));
                safely(() -> listener.onGaveUp(e.code(), e.getMessage()));
                return;
            }
            scheduleReconnect();
        }
    }

    private void startHeartbeat(Connection c, int seconds) {
        stopHeartbeat();
        long periodNanos = TimeUnit.SECONDS.toNanos(seconds);
        heartbeat = timer.scheduleAtFixedRate(() -> {
            if (c.isClosed()) {
                return;
            }
            long silent = System.nanoTime() - c.lastFrameNanos();
            if (silent > MISSED_HEARTBEATS * periodNanos) {
                c.close("IDLE_TIMEOUT: no frame for " + TimeUnit.NANOSECONDS.toMillis(silent) + " ms");
            } else {
                c.request(Envelope.newBuilder().setPing(Ping.getDefaultInstance())).exceptionally(e -> null);
            }
        }, seconds, seconds, TimeUnit.SECONDS);
    }

    private void stopHeartbeat() {
        ScheduledFuture<?> h = heartbeat;
        if (h != null) {
            h.cancel(false);
        }
    }

    // ------------------------------------------------------------------ helpers

    private <T> CompletableFuture<T> typed(Envelope.Builder request, Envelope.BodyCase expected, Function<Envelope, T> body) {
        return call(request).thenApply(expect(expected, body));
    }

    private CompletableFuture<Void> untyped(Envelope.Builder request) {
        return call(request).thenApply(reply -> null);
    }

    private static <T> Function<Envelope, T> expect(Envelope.BodyCase expected, Function<Envelope, T> body) {
        return reply -> {
            if (reply.getBodyCase() != expected) {
                throw new GridcastClientException(GridcastClientException.UNEXPECTED_REPLY,
                        "expected " + expected + ", got " + reply.getBodyCase());
            }
            return body.apply(reply);
        };
    }

    /** Waits for a future (bounded by the request timeout inside it) and unwraps its failure. */
    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof GridcastClientException g) {
                throw g;
            }
            throw new GridcastClientException(GridcastClientException.CONNECTION_CLOSED, String.valueOf(cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw closedError("interrupted");
        }
    }

    private static <T> void complete(CompletableFuture<T> target, T value, Throwable error) {
        if (error == null) {
            target.complete(value);
        } else {
            target.completeExceptionally(error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error);
        }
    }

    private boolean onEvents(Runnable task) {
        try {
            events.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private static void safely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "listener failed", e);
        }
    }

    private static GridcastClientException closedError(String reason) {
        return new GridcastClientException(GridcastClientException.CONNECTION_CLOSED, reason);
    }

    private static ScheduledExecutorService newTimer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, daemon("gridcast-timer"));
        t.setRemoveOnCancelPolicy(true); // request timeouts are cancelled by replies: do not pile them up
        return t;
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Builds a {@link GridcastClient}; server, token and device are required. */
    public static final class Builder {
        private String host;
        private int port;
        private String token;
        private String device;
        private ClientOptions options = ClientOptions.defaults();
        private CursorStore cursors = new InMemoryCursorStore();
        private NoticeListener listener = new NoticeListener() { };

        private Builder() {
        }

        public Builder server(String host, int port) { this.host = host; this.port = port; return this; }
        public Builder token(String token) { this.token = token; return this; }
        /** The device the token was issued for. */
        public Builder device(String device) { this.device = device; return this; }
        public Builder options(ClientOptions options) { this.options = Objects.requireNonNull(options); return this; }
        public Builder cursorStore(CursorStore cursors) { this.cursors = Objects.requireNonNull(cursors); return this; }
        public Builder listener(NoticeListener listener) { this.listener = Objects.requireNonNull(listener); return this; }

        /** @throws IllegalArgumentException on a bad port, or a TLS CA file that is unreadable or holds no certificate */
        public GridcastClient build() {
            Objects.requireNonNull(host, "server");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(device, "device");
            if (port <= 0 || port > 65535) {
                throw new IllegalArgumentException("bad port " + port);
            }
            return new GridcastClient(this);
        }
    }
}
