package org.gridcast.loadtest.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.gridcast.seeds.SyntheticTown;
import org.gridcast.seeds.UnitKind;

/**
 * The synthetic town a run talks to: {@link SyntheticTown}'s shape for N residents (≈180 people
 * per micro-grid, ≤6 micro-grids per grid, ≤7 grids per community, residents spread evenly), so
 * {@code --seeds synthetic:N} on the server and this plan name the same units and members: town
 * {@code t1}, community {@code t1-c<k>}, grid {@code t1-c<k>-g<j>}, micro-grid
 * {@code t1-c<k>-g<j>-m<i>}, resident {@code ...-m<i>-r<n>}, leader {@code ...-m<i>-l}, grid worker
 * {@code ...-g<j>-w}, community staff {@code t1-c<k>-s1}, town staff {@code t1-s1}.
 *
 * <p>Each unit is a topic, numbered densely from 0 (the town). A resident follows the topics of
 * its micro-grid and of every ancestor. Only residents subscribe; staff only publish.
 */
public final class TownPlan {
    /** Share of notices per level in MIXED: most notices are local, few go to the whole town. */
    private static final double[] MIXED_WEIGHTS = {0.02, 0.08, 0.20, 0.70}; // town, community, grid, micro-grid

    public record Unit(int topic, String id, UnitKind kind, int parent, String staff) {
    }

    /** A subscriber: {@code topics} is its micro-grid then its ancestors up to the town. */
    public record Resident(int index, String id, int[] topics) {
    }

    private final List<Unit> units = new ArrayList<>();
    private final List<Resident> residents = new ArrayList<>();
    private final int[] audience;
    private final int[][] byKind = new int[4][];

    private TownPlan(int n) {
        SyntheticTown.Plan shape = new SyntheticTown.Plan(n);
        List<List<Integer>> kinds = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        int town = add(new Unit(0, SyntheticTown.TOWN_ID, UnitKind.TOWN, -1, SyntheticTown.TOWN_ID + "-s1"), kinds);
        int residentIndex = 0;
        for (int k = 1; k <= shape.communities(); k++) {
            String cId = SyntheticTown.community(k);
            int c = add(new Unit(units.size(), cId, UnitKind.COMMUNITY, town, cId + "-s1"), kinds);
            for (int j = 1; j <= shape.gridsIn(k); j++) {
                String gId = SyntheticTown.grid(k, j);
                int g = add(new Unit(units.size(), gId, UnitKind.GRID, c, gId + "-w"), kinds);
                for (int i = 1; i <= shape.microgridsIn(k, j); i++) {
                    String mId = SyntheticTown.microgrid(k, j, i);
                    int m = add(new Unit(units.size(), mId, UnitKind.MICROGRID, g, mId + "-l"), kinds);
                    for (int r = 1; r <= shape.residentsIn(k, j, i); r++) {
                        residents.add(new Resident(residentIndex++, mId + "-r" + r, new int[] {m, g, c, town}));
                    }
                }
            }
        }
        audience = new int[units.size()];
        for (Resident r : residents) {
            for (int t : r.topics()) {
                audience[t]++;
            }
        }
        for (int i = 0; i < 4; i++) {
            byKind[i] = kinds.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    public static TownPlan of(int residents) {
        if (residents <= 0) {
            throw new IllegalArgumentException("residents must be > 0");
        }
        return new TownPlan(residents);
    }

    private int add(Unit u, List<List<Integer>> kinds) {
        units.add(u);
        kinds.get(u.kind().ordinal()).add(u.topic());
        return u.topic();
    }

    public List<Unit> units() {
        return units;
    }

    public List<Resident> residents() {
        return residents;
    }

    public Unit unit(int topic) {
        return units.get(topic);
    }

    /** Residents in the subtree of a topic's unit: the deliveries one notice to it must make. */
    public int audience(int topic) {
        return audience[topic];
    }

    public int[] topics(UnitKind kind) {
        return byKind[kind.ordinal()];
    }

    /** The unit the next notice goes to: round robin within a level, weighted draw of the level in MIXED. */
    public int pickTopic(Level level, long noticeIndex, SplittableRandom random) {
        UnitKind kind = level.kind();
        if (kind == null) {
            double x = random.nextDouble();
            int k = 0;
            while (k < MIXED_WEIGHTS.length - 1 && x >= MIXED_WEIGHTS[k]) {
                x -= MIXED_WEIGHTS[k];
                k++;
            }
            kind = UnitKind.values()[k];
        }
        int[] candidates = byKind[kind.ordinal()];
        return candidates[(int) Math.floorMod(noticeIndex, (long) candidates.length)];
    }
}
