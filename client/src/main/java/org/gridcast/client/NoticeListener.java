package org.gridcast.client;

import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.LoginOk;
import org.gridcast.protocol.Notice;

/**
 * What a {@link GridcastClient} tells the app. All callbacks run on the client's single event
 * thread, in order; a callback may call the client (and even wait for a reply), but a slow
 * callback delays the next ones. Every method has an empty default.
 */
public interface NoticeListener {

    /**
     * A notice this device did not hold before, each (channel, seq) once.
     *
     * @param backlog true when it came from a fetch (sync or gap repair), false for a live push
     */
    default void onNotice(Notice notice, boolean backlog) {
    }

    /**
     * The unread badge changed. {@code channel} and {@code read} name the read cursor that moved
     * (from an UnreadPush); {@code channel} is empty and {@code read} 0 when only the total is known
     * (login, sync hint, directory change, or a pushed notice that carried the total).
     */
    default void onUnread(long total, String channel, long read) {
    }

    /** Logged in (first time or after a reconnect), before the sync starts. */
    default void onConnected(LoginOk session) {
    }

    /** A sync pass after a login, sync hint or directory change fetched everything up to the heads. */
    default void onSynced() {
    }

    /** The connection is gone; the client reconnects unless it was closed, kicked for good or refused. */
    default void onDisconnected(String reason) {
    }

    /** The server closed this session on purpose. REPLACED and REVOKED stop reconnecting. */
    default void onKicked(ErrorCode reason, String message) {
    }

    /**
     * The client stopped reconnecting for good: kicked REPLACED or REVOKED, or a reconnect's login
     * was refused (UNAUTHENTICATED, REVOKED, FORBIDDEN, UNSUPPORTED_VERSION). Comes after
     * {@link #onKicked} (a kick) or {@link #onDisconnected} (a refused login); an app shows a login
     * screen here.
     *
     * @param code the error code name, e.g. {@code REVOKED}
     */
    default void onGaveUp(String code, String message) {
    }
}
