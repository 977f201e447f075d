package org.gridcast.client;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/** Cursors that live as long as the process: a fresh process syncs from the read cursors. */
public class InMemoryCursorStore implements CursorStore {

    private final Map<String, Long> cursors = new ConcurrentHashMap<>();

    @Override
    public OptionalLong delivered(String channel) {
        Long v = cursors.get(channel);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    @Override
    public void advance(String channel, long seq) {
        cursors.merge(channel, seq, Math::max);
    }

    @Override
    public Map<String, Long> snapshot() {
        return Map.copyOf(cursors);
    }
}
