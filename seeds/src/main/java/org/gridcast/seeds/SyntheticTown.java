package org.gridcast.seeds;

import java.util.function.Consumer;

/**
 * A made-up town of any size with the shapes of real ones (see the seeds FACTS): about 150 people
 * per micro-grid plus 20% floating population, at most 6 micro-grids per grid and 7 grids per
 * community, shop operators among the residents, and the staff of every level.
 *
 * <p>Ids follow a fixed scheme the load tester relies on: town {@code t1}, community
 * {@code t1-c<k>}, grid {@code t1-c<k>-g<j>}, micro-grid {@code t1-c<k>-g<j>-m<i>}, resident
 * {@code t1-c<k>-g<j>-m<i>-r<n>}, micro-grid leader {@code <microgrid>-l}, grid worker
 * {@code <grid>-w}, community staff {@code t1-c<k>-s1|s2}, town staff {@code t1-s1|s2}, plus the
 * operator {@code operator} at the town. All indexes start at 1.
 *
 * <p>The counts depend only on the number of residents (see {@link Plan}); the random seed picks
 * names and which residents are floating or run a shop.
 */
public final class SyntheticTown implements SeedSource {
    public static final String TOWN_ID = "t1";
    public static final String OPERATOR_ID = "operator";
    /** ~150 registered residents per micro-grid, +20% floating population. */
    public static final int RESIDENTS_PER_MICROGRID = 180;
    public static final int MICROGRIDS_PER_GRID = 6;
    public static final int GRIDS_PER_COMMUNITY = 7;
    public static final int STAFF_PER_COMMUNITY = 2;
    public static final int STAFF_PER_TOWN = 2;
    /** One resident in six is floating population (20% on top of the registered). */
    static final int FLOATING_ONE_IN = 6;
    /** ~150 shops in a community of ~7,500 people. */
    static final int SHOP_ONE_IN = 50;

    private final Plan plan;
    private final long seed;

    public SyntheticTown(int residents, long seed) {
        this.plan = new Plan(residents);
        this.seed = seed;
    }

    public Plan plan() {
        return plan;
    }

    @Override
    public String name() {
        return "synthetic:" + plan.residents() + ":" + seed;
    }

    @Override
    public void forEach(Consumer<SeedUnit> units, Consumer<SeedMember> members) {
        units.accept(new SeedUnit(TOWN_ID, "", UnitKind.TOWN, "合成镇"));
        for (int k = 1; k <= plan.communities(); k++) {
            String c = community(k);
            units.accept(new SeedUnit(c, TOWN_ID, UnitKind.COMMUNITY, "第" + k + "村社区"));
            for (int j = 1; j <= plan.gridsIn(k); j++) {
                String g = grid(k, j);
                units.accept(new SeedUnit(g, c, UnitKind.GRID, "第" + k + "村第" + j + "网格"));
                for (int i = 1; i <= plan.microgridsIn(k, j); i++) {
                    units.accept(new SeedUnit(microgrid(k, j, i), g, UnitKind.MICROGRID,
                            "第" + k + "村第" + j + "网格第" + i + "微网格"));
                }
            }
        }
        ChineseNames names = new ChineseNames(seed);
        members.accept(new SeedMember(OPERATOR_ID, TOWN_ID, Role.OPERATOR, "运维", ""));
        for (int s = 1; s <= STAFF_PER_TOWN; s++) {
            members.accept(new SeedMember(TOWN_ID + "-s" + s, TOWN_ID, Role.TOWN_STAFF, names.person(), ""));
        }
        for (int k = 1; k <= plan.communities(); k++) {
            String c = community(k);
            for (int s = 1; s <= STAFF_PER_COMMUNITY; s++) {
                members.accept(new SeedMember(c + "-s" + s, c, Role.COMMUNITY_STAFF, names.person(), ""));
            }
            for (int j = 1; j <= plan.gridsIn(k); j++) {
                String g = grid(k, j);
                members.accept(new SeedMember(g + "-w", g, Role.GRID_WORKER, names.person(), ""));
                for (int i = 1; i <= plan.microgridsIn(k, j); i++) {
                    microgridMembers(microgrid(k, j, i), plan.residentsIn(k, j, i), names, members);
                }
            }
        }
    }

    private static void microgridMembers(String mg, int residents, ChineseNames names, Consumer<SeedMember> members) {
        members.accept(new SeedMember(mg + "-l", mg, Role.MICROGRID_LEADER, names.person(), ""));
        for (int n = 1; n <= residents; n++) {
            String id = mg + "-r" + n;
            if (names.chance(SHOP_ONE_IN)) {
                members.accept(new SeedMember(id, mg, Role.RESIDENT, names.shopOperator(), SeedParser.SHOP));
            } else if (names.chance(FLOATING_ONE_IN)) {
                members.accept(new SeedMember(id, mg, Role.RESIDENT, names.person(), SeedParser.FLOATING));
            } else {
                members.accept(new SeedMember(id, mg, Role.RESIDENT, names.person(), ""));
            }
        }
    }

    public static String community(int k) {
        return TOWN_ID + "-c" + k;
    }

    public static String grid(int k, int j) {
        return community(k) + "-g" + j;
    }

    public static String microgrid(int k, int j, int i) {
        return grid(k, j) + "-m" + i;
    }

    /**
     * The shape of a town of {@code residents} residents, computable without generating it: a
     * load tester asks it how many members a notice to any unit reaches. Indexes are 1-based.
     * Residents are spread evenly (earlier units take the remainder), so every level differs by
     * at most one from its siblings.
     */
    public record Plan(int residents) {
        public Plan {
            if (residents < 1) {
                throw new IllegalArgumentException("a synthetic town needs at least one resident");
            }
        }

        public int microgrids() {
            return ceilDiv(residents, RESIDENTS_PER_MICROGRID);
        }

        public int grids() {
            return ceilDiv(microgrids(), MICROGRIDS_PER_GRID);
        }

        public int communities() {
            return ceilDiv(grids(), GRIDS_PER_COMMUNITY);
        }

        public int gridsIn(int k) {
            return SeedParser.share(grids(), communities(), k - 1);
        }

        public int microgridsIn(int k, int j) {
            return SeedParser.share(microgrids(), grids(), globalGrid(k, j));
        }

        public int residentsIn(int k, int j, int i) {
            return SeedParser.share(residents, microgrids(), globalMicrogrid(k, j, i));
        }

        /** Town staff + community staff + grid workers + micro-grid leaders + the operator. */
        public int staff() {
            return 1 + STAFF_PER_TOWN + communities() * STAFF_PER_COMMUNITY + grids() + microgrids();
        }

        public int units() {
            return 1 + communities() + grids() + microgrids();
        }

        /** Every member: the audience of a notice to the town. */
        public long members() {
            return (long) residents + staff();
        }

        /** Members whose home unit is in the micro-grid: its residents and its leader. */
        public long membersOfMicrogrid(int k, int j, int i) {
            return residentsIn(k, j, i) + 1L;
        }

        public long membersOfGrid(int k, int j) {
            long total = 1; // grid worker
            for (int i = 1; i <= microgridsIn(k, j); i++) {
                total += membersOfMicrogrid(k, j, i);
            }
            return total;
        }

        public long membersOfCommunity(int k) {
            long total = STAFF_PER_COMMUNITY;
            for (int j = 1; j <= gridsIn(k); j++) {
                total += membersOfGrid(k, j);
            }
            return total;
        }

        /** 0-based index of grid j of community k among all grids. */
        private int globalGrid(int k, int j) {
            int c = k - 1;
            int base = grids() / communities();
            return c * base + Math.min(c, grids() % communities()) + (j - 1);
        }

        private int globalMicrogrid(int k, int j, int i) {
            int g = globalGrid(k, j);
            int base = microgrids() / grids();
            return g * base + Math.min(g, microgrids() % grids()) + (i - 1);
        }

        private static int ceilDiv(int a, int b) {
            return (a + b - 1) / b;
        }
    }
}
