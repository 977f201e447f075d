package org.gridcast.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.LoginOk;
import org.gridcast.protocol.Notice;

/** Records listener callbacks as short strings, in order, for exact assertions. */
final class RecordingListener implements NoticeListener {

    final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Override
    public void onNotice(Notice notice, boolean backlog) {
        events.add((backlog ? "backlog " : "live ") + notice.getChannel() + "#" + notice.getSeq());
    }

    @Override
    public void onUnread(long total, String channel, long read) {
        events.add("unread " + total + " " + channel + " " + read);
    }

    @Override
    public void onConnected(LoginOk session) {
        events.add("connected");
    }

    @Override
    public void onSynced() {
        events.add("synced");
    }

    @Override
    public void onDisconnected(String reason) {
        events.add("disconnected " + reason);
    }

    @Override
    public void onKicked(ErrorCode reason, String message) {
        events.add("kicked " + reason);
    }

    /** Takes events until one starts with {@code prefix}, returning all taken (bounded: 10 s). */
    List<String> until(String prefix) throws InterruptedException {
        List<String> taken = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String e = events.poll(50, TimeUnit.MILLISECONDS);
            if (e != null) {
                taken.add(e);
                if (e.startsWith(prefix)) {
                    return taken;
                }
            }
        }
        throw new AssertionError("no event starting with '" + prefix + "'; got " + taken);
    }

    /** Only the notice events among {@code events}. */
    static List<String> notices(List<String> events) {
        return events.stream().filter(e -> e.startsWith("backlog ") || e.startsWith("live ")).toList();
    }
}
