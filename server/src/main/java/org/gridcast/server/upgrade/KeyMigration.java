package org.gridcast.server.upgrade;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.gridcast.server.redis.RedisLink;

/**
 * Moves every key of the old layout ({@link OldKeyNames}) to its new name, in two phases:
 * <ol>
 *   <li>one SCAN over the whole keyspace (over every master in a cluster; never KEYS, which
 *       blocks Redis for the whole keyspace), moving each old key it meets except the
 *       {@link OldKeyNames#MARKERS}, a page at a time;</li>
 *   <li>the markers, one by one, and only when phase 1 left no conflict, so that whatever
 *       stopped a run (a crash, a conflict) the markers still name the old layout and
 *       {@code serve} keeps refusing to start ({@link OldLayoutCheck}).</li>
 * </ol>
 * Every step is a {@link KeyMover} move, safe to repeat: running again finishes an interrupted
 * run, and a run over migrated data moves nothing. It refuses to start while a node is connected
 * ({@link RunningNodes}). A dry run classifies and checks the same keys and changes nothing.
 *
 * <p>SCAN may return a key twice (while Redis rehashes): a real run finds it gone the second
 * time ({@link Outcome#GONE}); a dry run counts it twice.
 */
public final class KeyMigration {
    /** Keys asked of each SCAN call, and so at most this many moves in flight at once. */
    public static final int SCAN_COUNT = 1000;
    /** Bound on one page's moves: each command has Lettuce's own 5 s timeout besides. */
    private static final long PAGE_TIMEOUT_SECONDS = 120;

    private final RedisLink<String, byte[]> redis;
    private final KeyMover mover;
    private final boolean dryRun;

    public KeyMigration(RedisLink<String, byte[]> redis, KeyMover mover, boolean dryRun) {
        this.redis = redis;
        this.mover = mover;
        this.dryRun = dryRun;
    }

    /**
     * @throws NodesRunningException when a Gridcast node is connected to this Redis (nothing was changed)
     */
    public MigrationReport run() throws Exception {
        long nodes = RunningNodes.count(redis);
        if (nodes > 0) {
            throw new NodesRunningException(nodes);
        }
        MigrationReport report = new MigrationReport(dryRun);
        Set<String> markers = new LinkedHashSet<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        ScanArgs page = ScanArgs.Builder.limit(SCAN_COUNT);
        do {
            KeyScanCursor<String> keys = redis.async().scan(cursor, page).toCompletableFuture()
                    .get(PAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS); // in a cluster: master after master
            report.scanned(keys.getKeys().size());
            List<OldKeyNames.Name> batch = new ArrayList<>();
            for (String key : keys.getKeys()) {
                OldKeyNames.Name name = OldKeyNames.classify(key);
                switch (name.kind()) {
                    case OLD -> {
                        if (name.isMarker()) {
                            markers.add(key);
                        } else {
                            batch.add(name);
                        }
                    }
                    case UNRECOGNISED -> report.unrecognised(key);
                    case CURRENT -> { }
                }
            }
            moveAll(batch, report);
            cursor = keys;
        } while (!cursor.isFinished());
        for (String marker : OldKeyNames.MARKERS) {
            if (!markers.contains(marker)) {
                continue;
            }
            if (report.conflicts() > 0) {
                report.markersHeldBack();
                break;
            }
            moveAll(List.of(OldKeyNames.classify(marker)), report);
        }
        report.oldMarkersLeft(OldLayoutCheck.oldMarkers(redis));
        return report;
    }

    private void moveAll(List<OldKeyNames.Name> names, MigrationReport report) throws Exception {
        List<CompletableFuture<Outcome>> moves = new ArrayList<>(names.size());
        for (OldKeyNames.Name n : names) {
            moves.add((dryRun ? mover.check(n.key(), n.newName()) : mover.move(n.key(), n.newName())).toCompletableFuture());
        }
        CompletableFuture.allOf(moves.toArray(CompletableFuture[]::new)).get(PAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        for (int i = 0; i < names.size(); i++) {
            report.record(names.get(i), moves.get(i).join());
        }
    }

    /** Nodes are connected: migrating under them would race their writes. */
    public static final class NodesRunningException extends Exception {
        NodesRunningException(long subscribers) {
            super(subscribers + " Gridcast node connection(s) listen on this Redis ('control' channel): stop every node"
                    + " (serve) first; nothing was changed");
        }
    }
}
