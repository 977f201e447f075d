package org.gridcast.server.session;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gridcast.seeds.Role;

/**
 * This node's logged-in sessions, indexed by member (and within it by device) and by home unit.
 * One instance per server (no static maps). Reads are lock-free; changes are serialized so
 * listeners (presence) see opens and closes in order.
 */
public final class SessionRegistry {
    /** Told about every change, inside the registry's lock: implementations must not block. */
    public interface Listener {
        /** @param firstOfMember the member had no other session on this node */
        void opened(Session session, boolean firstOfMember);

        /**
         * @param lastOfMember the member has no session left on this node
         * @param lastOfDevice no session of this (member, device) is left on this node
         */
        void closed(Session session, boolean lastOfMember, boolean lastOfDevice);
    }

    /**
     * A member has one or two sessions on a node, so each is an immutable list replaced under
     * the lock rather than a concurrent set: a concurrent set per member cost ~220 bytes of
     * heap per connection (measured with scripts/heap-per-connection.sh). The list is also the
     * index by device (at most one session per device): a map keyed by (member, device) cost
     * another ~60 bytes per connection for a lookup that scans one or two sessions here.
     */
    private final Map<String, List<Session>> byMember = new ConcurrentHashMap<>();
    /** Sessions registered; written under the lock. */
    private volatile int size;
    /**
     * Home unit → sessions, split by the event loop that serves each session: a fan-out sends
     * one task per loop, and the task walks its own loop's sets of the subtree's units, so no
     * thread copies or groups the audience per notice (that grouping was a third of the Redis
     * thread's fan-out time in the profile).
     */
    private final Map<EventLoop, Map<String, Set<Session>>> byLoopUnit = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /**
     * Adds a session; returns the older session of the same device, already removed from the
     * indexes, for the caller to kick (REPLACED).
     */
    public synchronized Optional<Session> add(Session session) {
        Session older = byDevice(session.member(), session.device()).orElse(null);
        if (older != null) {
            removeIndexed(older, false);
        }
        boolean first = !byMember.containsKey(session.member());
        size++;
        byMember.merge(session.member(), List.of(session), SessionRegistry::concat);
        byLoopUnit.computeIfAbsent(loop(session), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(session.unit(), k -> ConcurrentHashMap.newKeySet()).add(session);
        for (Listener l : listeners) {
            l.opened(session, first);
        }
        return Optional.ofNullable(older);
    }

    /** Removes a closed session; false when it was not (or no longer) registered. */
    public synchronized boolean remove(Session session) {
        List<Session> ofMember = byMember.get(session.member());
        if (ofMember == null || !ofMember.contains(session)) {
            return false;
        }
        removeIndexed(session, true);
        return true;
    }

    /**
     * The member moved or changed role. Listeners see the member leave (its last session
     * closing under the old unit) and come back (its first opening under the new one), whatever
     * its number of devices, so presence recounts and re-routes the units. In the fan-out index a
     * session joins the new unit's set before it leaves the old one: a fan-out walking the index
     * at that moment finds it under one unit or the other (the device dedupes by seq), never
     * under neither.
     */
    public synchronized void rehome(String member, String unit, Role role) {
        List<Session> moving = byMember.getOrDefault(member, List.of());
        for (int i = 0; i < moving.size(); i++) {
            for (Listener l : listeners) {
                l.closed(moving.get(i), i == moving.size() - 1, false);
            }
        }
        for (Session s : moving) {
            Map<String, Set<Session>> units = byLoopUnit.computeIfAbsent(loop(s), k -> new ConcurrentHashMap<>());
            String from = s.unit();
            units.computeIfAbsent(unit, k -> ConcurrentHashMap.newKeySet()).add(s);
            if (!from.equals(unit)) {
                removeFrom(units, from, s);
            }
            s.moveTo(unit, role);
        }
        for (int i = 0; i < moving.size(); i++) {
            for (Listener l : listeners) {
                l.opened(moving.get(i), i == 0);
            }
        }
    }

    public Optional<Session> byDevice(String member, String device) {
        for (Session s : byMember(member)) {
            if (s.device().equals(device)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    public Collection<Session> byMember(String member) {
        List<Session> s = byMember.get(member);
        return s == null ? List.of() : s;
    }

    /** Sessions whose home unit is {@code unit} (a copy; the fan-out uses {@link #byLoop}). */
    public Collection<Session> byUnit(String unit) {
        List<Session> out = new ArrayList<>();
        for (Map<String, Set<Session>> units : byLoopUnit.values()) {
            Set<Session> s = units.get(unit);
            if (s != null) {
                out.addAll(s);
            }
        }
        return out;
    }

    /** Units that hold at least one session (a copy). */
    public Set<String> units() {
        Set<String> out = new HashSet<>();
        for (Map<String, Set<Session>> units : byLoopUnit.values()) {
            out.addAll(units.keySet());
        }
        return out;
    }

    /**
     * Per event loop, its sessions by home unit: live concurrent views, to be read on that loop
     * (a session is written only from its own loop). Loops without sessions may be present.
     */
    public Map<EventLoop, Map<String, Set<Session>>> byLoop() {
        return Collections.unmodifiableMap(byLoopUnit);
    }

    /** Every session (a copy). */
    public Collection<Session> all() {
        List<Session> out = new ArrayList<>(size);
        for (List<Session> ofMember : byMember.values()) {
            out.addAll(ofMember);
        }
        return out;
    }

    public int size() {
        return size;
    }

    private void removeIndexed(Session session, boolean notifyDeviceGone) {
        size--;
        boolean lastOfMember = removeMember(session);
        Map<String, Set<Session>> units = byLoopUnit.get(loop(session));
        if (units != null) {
            removeFrom(units, session.unit(), session);
        }
        boolean lastOfDevice = notifyDeviceGone && byDevice(session.member(), session.device()).isEmpty();
        for (Listener l : listeners) {
            l.closed(session, lastOfMember, lastOfDevice);
        }
    }

    private static boolean removeFrom(Map<String, Set<Session>> index, String k, Session session) {
        Set<Session> set = index.get(k);
        if (set == null) {
            return true;
        }
        set.remove(session);
        if (set.isEmpty()) {
            index.remove(k);
            return true;
        }
        return false;
    }

    private boolean removeMember(Session session) {
        List<Session> left = byMember.computeIfPresent(session.member(), (k, list) -> {
            List<Session> rest = new ArrayList<>(list.size());
            for (Session s : list) {
                if (s != session) {
                    rest.add(s);
                }
            }
            return rest.isEmpty() ? null : List.copyOf(rest);
        });
        return left == null;
    }

    private static List<Session> concat(List<Session> a, List<Session> b) {
        List<Session> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private static EventLoop loop(Session s) {
        return s.channel().eventLoop();
    }
}
