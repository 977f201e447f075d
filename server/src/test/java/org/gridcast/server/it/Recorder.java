package org.gridcast.server.it;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.gridcast.client.NoticeListener;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.LoginOk;
import org.gridcast.protocol.Notice;

/** Records what a {@link org.gridcast.client.GridcastClient} tells its app, for assertions. */
final class Recorder implements NoticeListener {
    /** One onNotice call. */
    record Received(Notice notice, boolean backlog) {
        String key() {
            return notice.getChannel() + "#" + notice.getSeq();
        }
    }

    /** One onUnread call. */
    record Badge(long total, String channel, long read) {
    }

    private final List<Received> notices = new ArrayList<>();
    private final List<Badge> badges = new ArrayList<>();
    private final List<LoginOk> logins = new ArrayList<>();
    private final List<ErrorCode> kicks = new ArrayList<>();
    private int synced;

    @Override
    public synchronized void onNotice(Notice notice, boolean backlog) {
        notices.add(new Received(notice, backlog));
        notifyAll();
    }

    @Override
    public synchronized void onUnread(long total, String channel, long read) {
        badges.add(new Badge(total, channel, read));
        notifyAll();
    }

    @Override
    public synchronized void onConnected(LoginOk session) {
        logins.add(session);
        notifyAll();
    }

    @Override
    public synchronized void onSynced() {
        synced++;
        notifyAll();
    }

    @Override
    public synchronized void onKicked(ErrorCode reason, String message) {
        kicks.add(reason);
        notifyAll();
    }

    synchronized List<Received> notices() {
        return List.copyOf(notices);
    }

    /** "channel#seq" of every notice received, in order. */
    synchronized List<String> keys() {
        return notices.stream().map(Received::key).toList();
    }

    synchronized List<Badge> badges() {
        return List.copyOf(badges);
    }

    synchronized int synced() {
        return synced;
    }

    synchronized int logins() {
        return logins.size();
    }

    /** Waits until {@code count} notices arrived; returns them. */
    List<Received> awaitNotices(int count) throws InterruptedException {
        await(r -> r.notices.size() >= count, "at least " + count + " notices");
        return notices();
    }

    /** Waits for a badge event matching {@code match}; returns the first one that does. */
    Badge awaitBadge(Predicate<Badge> match, String what) throws InterruptedException {
        await(r -> r.badges.stream().anyMatch(match), what);
        synchronized (this) {
            return badges.stream().filter(match).findFirst().orElseThrow();
        }
    }

    /** True when no further notice arrives within {@code millis} (only meaningful after a completed sync). */
    synchronized boolean hasNoMoreWithin(long millis) throws InterruptedException {
        int before = notices.size();
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (notices.size() == before) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return true;
            }
            wait(left);
        }
        return false;
    }

    void awaitSynced(int passes) throws InterruptedException {
        await(r -> r.synced >= passes, passes + " sync passes");
    }

    void awaitLogins(int count) throws InterruptedException {
        await(r -> r.logins.size() >= count, count + " logins");
    }

    private synchronized void await(Predicate<Recorder> done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + ItServer.WAIT_SECONDS * 1_000_000_000L;
        while (!done.test(this)) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new AssertionError("timed out waiting for " + what + "; notices " + keys() + ", badges " + badges);
            }
            wait(left);
        }
    }
}
