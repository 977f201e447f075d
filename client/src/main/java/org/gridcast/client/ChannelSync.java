package org.gridcast.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.gridcast.protocol.ChannelState;
import org.gridcast.protocol.FetchResult;
import org.gridcast.protocol.Notice;

/**
 * The delivery state machine of one client: which channels it follows, and for each the delivered
 * cursor. Sync after login and gap repair after a push are the same {@link #catchUp} loop: fetch
 * pages after the cursor until a target seq, hand each new notice to the listener once, raise the
 * cursor. A push at or below the cursor is a duplicate and dropped. Runs on the client's event
 * thread only; the fetcher blocks until its reply.
 */
final class ChannelSync {

    private static final Logger LOG = Logger.getLogger(ChannelSync.class.getName());

    /** Blocking Fetch, so sync reads top to bottom; it runs on the event thread, replies come on the reader. */
    interface Fetcher {
        FetchResult fetch(String channel, long afterSeq, int limit) throws Exception;
    }

    private final CursorStore cursors;
    private final NoticeListener listener;
    private final int pageSize;
    private final int maxPages;
    private final Map<String, ChannelState> followed = new LinkedHashMap<>();

    ChannelSync(CursorStore cursors, NoticeListener listener, ClientOptions options) {
        this.cursors = cursors;
        this.listener = listener;
        this.pageSize = options.fetchPageSize();
        this.maxPages = options.maxPagesPerSync();
    }

    /** Replaces the followed channels (login, sync hint, directory change). */
    void follow(Collection<ChannelState> channels) {
        followed.clear();
        for (ChannelState c : channels) {
            followed.put(c.getChannel(), c);
        }
    }

    Collection<String> followedChannels() {
        return List.copyOf(followed.keySet());
    }

    /**
     * Where delivery of a channel starts: the device's cursor, else the member's read cursor, but
     * never before the member joined the channel.
     */
    long deliveredOrStart(String channel) {
        ChannelState state = followed.get(channel);
        long start = state == null ? 0 : state.getStart();
        OptionalLong cursor = cursors.delivered(channel);
        long from = cursor.isPresent() ? cursor.getAsLong() : (state == null ? 0 : state.getRead());
        return Math.max(from, start);
    }

    /**
     * One sync pass over every followed channel up to its head.
     *
     * @return the channels that still have entries after {@link ClientOptions#maxPagesPerSync()} pages
     */
    List<String> syncAll(Fetcher fetcher) throws Exception {
        List<String> unfinished = new ArrayList<>();
        for (ChannelState state : List.copyOf(followed.values())) {
            if (!catchUp(state.getChannel(), state.getHead(), fetcher)) {
                unfinished.add(state.getChannel());
            }
        }
        return unfinished;
    }

    /** Continues a channel that a previous pass left unfinished. */
    boolean syncChannel(String channel, Fetcher fetcher) throws Exception {
        ChannelState state = followed.get(channel);
        return state == null || catchUp(channel, state.getHead(), fetcher);
    }

    /**
     * A live notice. In order: deliver. Duplicate: drop. Past a gap: fetch the gap first, then
     * deliver it unless the fetch already did.
     */
    void onPush(Notice notice, Fetcher fetcher) throws Exception {
        String channel = notice.getChannel();
        long seq = notice.getSeq();
        if (!followed.containsKey(channel) && cursors.delivered(channel).isEmpty()) {
            // A channel we learn of by its first push (the directory change comes next): nothing
            // to repair yet, and fetching from 0 would pull history the member never followed.
            deliver(notice, false);
            return;
        }
        long delivered = deliveredOrStart(channel);
        if (seq <= delivered) {
            return;
        }
        if (seq > delivered + 1) {
            catchUp(channel, seq - 1, fetcher);
            if (seq <= deliveredOrStart(channel)) {
                return;
            }
        }
        deliver(notice, false);
    }

    /**
     * Fetches (cursor, target] in pages, and further if the server reports a higher head. Stops at
     * an empty page (the server has nothing more) or after the page budget.
     *
     * @return true when the cursor reached the target (or the server had no more)
     */
    boolean catchUp(String channel, long target, Fetcher fetcher) throws Exception {
        long delivered = deliveredOrStart(channel);
        raiseCursorTo(channel, delivered);
        for (int page = 0; page < maxPages; page++) {
            if (delivered >= target) {
                return true;
            }
            FetchResult result = fetcher.fetch(channel, delivered, pageSize);
            target = Math.max(target, result.getHead());
            boolean progressed = false;
            for (Notice n : result.getNoticesList()) {
                if (n.getSeq() > delivered) {
                    deliver(n, true);
                    delivered = n.getSeq();
                    progressed = true;
                }
            }
            if (!progressed) {
                return true;
            }
        }
        return delivered >= target;
    }

    private void raiseCursorTo(String channel, long seq) {
        OptionalLong current = cursors.delivered(channel);
        if (seq > 0 && (current.isEmpty() || current.getAsLong() < seq)) {
            cursors.advance(channel, seq);
        }
    }

    private void deliver(Notice notice, boolean backlog) {
        try {
            listener.onNotice(notice, backlog);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "listener failed on " + notice.getChannel() + "#" + notice.getSeq(), e);
        }
        cursors.advance(notice.getChannel(), notice.getSeq());
    }
}
