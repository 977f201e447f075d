package org.gridcast.seeds.events;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.gridcast.seeds.Role;
import org.gridcast.seeds.SeedMember;
import org.gridcast.seeds.SeedUnit;
import org.gridcast.seeds.UnitKind;

/**
 * A year of event reports for a street shaped like 乔司街道 (17 communities, 7 grids each, 5
 * micro-grids per grid; town departments; a shop alliance per community), 24,473 events in 2022
 * as its centre reported. Deterministic for a given seed. The mix: about 1% withdrawn, 6% invalid
 * (duplicates, out of scope), of the valid ones about 60% handled inside the grid (格内通办) and
 * the rest dispatched to a department or, for services, to a shop; a few returned, escalated or
 * reopened; most closed events rated, mostly satisfied; disputes always followed up.
 */
public final class StreetYearGenerator {
    /** 乔司街道, 2022 (FACTS.md). */
    public static final int EVENTS_2022 = 24_473;
    public static final int COMMUNITIES = 17;
    public static final int GRIDS = 7;
    public static final int MICROGRIDS = 5;
    public static final int RESIDENTS_PER_MICROGRID = 3;
    public static final int SHOPS_PER_COMMUNITY = 5;
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final long MIN = 60_000L;
    static final long HOUR = 60 * MIN;

    private record Category(String name, int weight, int department, boolean shop, String text) {
    }

    private static final List<Category> CATEGORIES = List.of(
            new Category("城市管理/占道经营", 12, 0, false, "门口有流动摊贩占道经营，影响通行"),
            new Category("城市管理/乱堆乱放", 10, 0, false, "楼道和路边堆放杂物很久没人清理"),
            new Category("环境卫生/垃圾清运", 12, 4, false, "垃圾桶满了两天没有清运，气味很大"),
            new Category("环境卫生/污水外溢", 5, 4, false, "小区门口污水外溢，路面很脏"),
            new Category("市政设施/路灯损坏", 8, 3, false, "路灯坏了好几天，晚上很黑不安全"),
            new Category("市政设施/下水道堵塞", 6, 3, false, "下水道堵塞，下雨积水严重"),
            new Category("市政设施/道路破损", 5, 3, false, "道路有个大坑，电动车容易摔倒"),
            new Category("矛盾纠纷/邻里纠纷", 7, 2, false, "楼上漏水到我家，协商不成"),
            new Category("矛盾纠纷/物业纠纷", 4, 2, false, "物业收费有争议，希望社区协调"),
            new Category("安全隐患/消防通道堵塞", 6, 0, false, "消防通道被车辆堵塞"),
            new Category("安全隐患/电动车违规充电", 6, 2, false, "有人从楼上拉电线给电动车充电"),
            new Category("民生服务/家电维修", 4, -1, true, "家里热水器坏了，想找附近师傅维修"),
            new Category("民生服务/家政保洁", 3, -1, true, "老人独居，需要上门打扫卫生"),
            new Category("治安/可疑人员", 2, 2, false, "小区里有陌生人挨家挨户敲门"),
            new Category("出租房管理/流动人口登记", 10, 1, false, "新租户入住，需要登记流动人口信息"));

    private static final String[] DEPARTMENTS = {"城管中队", "流动人口服务站", "综治中心", "市政所", "环卫所"};

    private final Random random;
    private final List<SeedUnit> units = new ArrayList<>();
    private final List<SeedMember> members = new ArrayList<>();
    private final List<String> microgrids = new ArrayList<>();
    private final List<String> townStaff = new ArrayList<>();
    private final List<List<String>> departmentMembers = new ArrayList<>();
    private final List<String> departmentUnits = new ArrayList<>();

    private StreetYearGenerator(long seed) {
        this.random = new Random(seed);
    }

    public static StreetYear generate(long seed) {
        return generate(seed, EVENTS_2022);
    }

    public static StreetYear generate(long seed, int events) {
        StreetYearGenerator g = new StreetYearGenerator(seed);
        g.hierarchy();
        return new StreetYear(List.copyOf(g.units), List.copyOf(g.members), g.events(events), ZONE, 2022);
    }

    // ------------------------------------------------------------------ hierarchy

    public static String town() {
        return "qs";
    }

    public static String community(int c) {
        return String.format("qs-c%02d", c);
    }

    public static String grid(int c, int g) {
        return community(c) + "-g" + g;
    }

    public static String microgrid(int c, int g, int m) {
        return grid(c, g) + "-m" + m;
    }

    public static String shops(int c) {
        return community(c) + "-shops";
    }

    public static String gridWorker(int c, int g) {
        return "gw-" + grid(c, g);
    }

    public static String leader(int c, int g, int m) {
        return "ml-" + microgrid(c, g, m);
    }

    public static String resident(int c, int g, int m, int r) {
        return "r-" + microgrid(c, g, m) + "-" + r;
    }

    public static String communityStaff(int c, int i) {
        return "cs-" + community(c) + "-" + i;
    }

    public static String shop(int c, int s) {
        return "shop-" + community(c) + "-" + s;
    }

    private void hierarchy() {
        units.add(new SeedUnit(town(), "", UnitKind.TOWN, "乔司街道"));
        for (int i = 0; i < 3; i++) {
            add("ts-" + i, town(), Role.TOWN_STAFF, "街道干部" + i, "");
            townStaff.add("ts-" + i);
        }
        for (int d = 0; d < DEPARTMENTS.length; d++) {
            String unit = town() + "-d" + d;
            units.add(new SeedUnit(unit, town(), UnitKind.DEPARTMENT, DEPARTMENTS[d]));
            departmentUnits.add(unit);
            List<String> ms = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String id = "dm-" + unit + "-" + i;
                add(id, unit, Role.TOWN_STAFF, DEPARTMENTS[d] + "工作人员" + i, "department");
                ms.add(id);
            }
            departmentMembers.add(ms);
        }
        for (int c = 1; c <= COMMUNITIES; c++) {
            units.add(new SeedUnit(community(c), town(), UnitKind.COMMUNITY, "社区" + c));
            for (int i = 0; i < 2; i++) {
                add(communityStaff(c, i), community(c), Role.COMMUNITY_STAFF, "社区干部" + c + "-" + i, "");
            }
            units.add(new SeedUnit(shops(c), community(c), UnitKind.DEPARTMENT, "社区" + c + "商户联盟"));
            for (int s = 0; s < SHOPS_PER_COMMUNITY; s++) {
                add(shop(c, s), shops(c), Role.RESIDENT, "商户" + c + "-" + s, "shop");
            }
            for (int g = 1; g <= GRIDS; g++) {
                units.add(new SeedUnit(grid(c, g), community(c), UnitKind.GRID, "网格" + g));
                add(gridWorker(c, g), grid(c, g), Role.GRID_WORKER, "网格员" + c + "-" + g, "");
                for (int m = 1; m <= MICROGRIDS; m++) {
                    units.add(new SeedUnit(microgrid(c, g, m), grid(c, g), UnitKind.MICROGRID, "微网格" + m));
                    microgrids.add(microgrid(c, g, m));
                    add(leader(c, g, m), microgrid(c, g, m), Role.MICROGRID_LEADER, "微网格长" + c + "-" + g + "-" + m, "");
                    for (int r = 0; r < RESIDENTS_PER_MICROGRID; r++) {
                        add(resident(c, g, m, r), microgrid(c, g, m), Role.RESIDENT, "居民" + c + "-" + g + "-" + m + "-" + r,
                                r == 2 ? "floating" : "");
                    }
                }
            }
        }
    }

    private void add(String id, String unit, Role role, String name, String tag) {
        members.add(new SeedMember(id, unit, role, name, tag));
    }

    // ------------------------------------------------------------------ events

    private List<SeedEvent> events(int count) {
        long start = LocalDate.of(2022, 1, 1).atStartOfDay(ZONE).toInstant().toEpochMilli();
        long end = LocalDate.of(2023, 1, 1).atStartOfDay(ZONE).toInstant().toEpochMilli();
        long[] times = new long[count];
        for (int i = 0; i < count; i++) {
            long day = random.nextInt(365);
            long minute = 7 * 60 + random.nextInt(14 * 60); // reports come in 07:00–21:00
            times[i] = start + day * 24 * HOUR + minute * MIN + random.nextInt(60_000);
        }
        java.util.Arrays.sort(times);
        int totalWeight = CATEGORIES.stream().mapToInt(Category::weight).sum();
        List<SeedEvent> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(event(String.format("Y%05d", i + 1), times[i], pick(totalWeight), end));
        }
        out.sort(Comparator.comparingLong(SeedEvent::reportedAtMs));
        return out;
    }

    private Category pick(int totalWeight) {
        int r = random.nextInt(totalWeight);
        for (Category c : CATEGORIES) {
            r -= c.weight();
            if (r < 0) {
                return c;
            }
        }
        return CATEGORIES.get(0);
    }

    private SeedEvent event(String id, long at, Category cat, long yearEnd) {
        String mg = microgrids.get(random.nextInt(microgrids.size()));
        int c = Integer.parseInt(mg.substring(4, 6));
        int g = Integer.parseInt(mg.substring(mg.indexOf("-g") + 2, mg.indexOf("-m")));
        int m = Integer.parseInt(mg.substring(mg.indexOf("-m") + 2));
        String reporter = resident(c, g, m, random.nextInt(RESIDENTS_PER_MICROGRID));
        boolean urgent = cat.name().startsWith("安全隐患") && random.nextInt(3) == 0;
        Steps s = new Steps(at, yearEnd);
        String gw = gridWorker(c, g);
        String acceptor = random.nextInt(10) < 7 ? gw : leader(c, g, m);
        String cs = communityStaff(c, random.nextInt(2));
        int roll = random.nextInt(1000);
        String rating = "";
        String comment = "";
        int followUps = 0;
        if (roll < 10) {
            s.add("WITHDRAWN", reporter, 5 * MIN + random.nextInt(25) * MIN, "已自行解决", "");
        } else if (roll < 70) {
            s.add("INVALID", acceptor, acceptDelay(), random.nextBoolean() ? "重复上报" : "不属于受理范围", "");
        } else {
            s.add("ACCEPTED", acceptor, acceptDelay(), "", "");
            String handler;
            String closer;
            String resumer;
            if (cat.shop() || random.nextInt(100) < 37) {
                String target;
                String signer;
                if (cat.shop()) {
                    int shopNo = random.nextInt(SHOPS_PER_COMMUNITY);
                    target = shop(c, shopNo);
                    signer = target;
                } else {
                    target = departmentUnits.get(cat.department());
                    signer = departmentMembers.get(cat.department()).get(random.nextInt(2));
                }
                s.add("DISPATCHED", cs, 30 * MIN + random.nextInt(90) * MIN, "", target);
                String dispatcher = cs;
                int twist = random.nextInt(100);
                if (twist < 4 && !cat.shop()) {
                    s.add("RETURNED", signer, HOUR + random.nextInt(120) * MIN, "不属于本单位职责", "");
                    int other = (cat.department() + 1) % DEPARTMENTS.length;
                    target = departmentUnits.get(other);
                    signer = departmentMembers.get(other).get(random.nextInt(2));
                    s.add("DISPATCHED", cs, HOUR + random.nextInt(60) * MIN, "改派", target);
                } else if (twist < 6 && !cat.shop()) {
                    s.add("IN_PROGRESS", signer, HOUR + random.nextInt(120) * MIN, "", "");
                    s.add("ESCALATED", signer, 4 * HOUR + random.nextInt(20) * HOUR, "需街道协调", "");
                    dispatcher = townStaff.get(random.nextInt(townStaff.size()));
                    int other = (cat.department() + 2) % DEPARTMENTS.length;
                    target = departmentUnits.get(other);
                    signer = departmentMembers.get(other).get(random.nextInt(2));
                    s.add("DISPATCHED", dispatcher, 2 * HOUR + random.nextInt(10) * HOUR, "街道统筹", target);
                }
                s.add("IN_PROGRESS", signer, 20 * MIN + random.nextInt(180) * MIN, "已签收", "");
                s.add("RESOLVED", signer, resolveDelay(), "已处理完毕", "");
                handler = signer;
                closer = dispatcher;
                resumer = signer;
            } else {
                s.add("IN_PROGRESS", acceptor, 5 * MIN + random.nextInt(60) * MIN, "格内通办", "");
                s.add("RESOLVED", acceptor, resolveDelay(), "已现场处理", "");
                handler = acceptor;
                closer = gw;
                resumer = acceptor;
            }
            s.add("CLOSED", closer, HOUR + random.nextInt(6 * 60) * MIN, "核查属实，办结", "");
            if (random.nextInt(100) == 0) {
                s.add("REOPENED", reporter, 2 * HOUR + random.nextInt(40) * HOUR, "问题又出现了", "");
                s.add("IN_PROGRESS", resumer, 30 * MIN + random.nextInt(120) * MIN, "重新处理", "");
                s.add("RESOLVED", handler, resolveDelay(), "已再次处理", "");
                s.add("CLOSED", closer, HOUR + random.nextInt(6 * 60) * MIN, "复核办结", "");
            }
            if (s.finished() && s.last().equals("CLOSED")) {
                if (random.nextInt(100) < 70) {
                    int r = random.nextInt(100);
                    rating = r < 90 ? "satisfied" : r < 98 ? "basic" : "unsatisfied";
                    comment = r < 90 ? "处理及时，谢谢" : r < 98 ? "还可以" : "处理太慢";
                }
                if (cat.name().startsWith("矛盾纠纷") || random.nextInt(100) < 25) {
                    followUps = 1 + (random.nextInt(4) == 0 ? 1 : 0);
                }
            }
        }
        return new SeedEvent(id, cat.name(), cat.text(), mg, reporter, at, urgent, s.steps(), rating, comment, followUps);
    }

    /** Mostly within minutes; a few slip past a two-hour acceptance limit. */
    private long acceptDelay() {
        return random.nextInt(100) < 3 ? 2 * HOUR + random.nextInt(10) * HOUR : 2 * MIN + random.nextInt(80) * MIN;
    }

    /** Hours to a few days; about one in twenty takes longer than a week. */
    private long resolveDelay() {
        int r = random.nextInt(100);
        if (r < 5) {
            return 7 * 24 * HOUR + random.nextInt(5 * 24) * HOUR;
        }
        return HOUR + (long) (random.nextDouble() * random.nextDouble() * 60 * HOUR);
    }

    /** Builds the step list; steps that would fall after the end of the year are not taken (still open). */
    private static final class Steps {
        private final List<SeedStep> steps = new ArrayList<>();
        private final long end;
        private long t;
        private boolean cut;

        Steps(long start, long end) {
            this.t = start;
            this.end = end;
        }

        void add(String state, String actor, long delay, String note, String handler) {
            if (cut) {
                return;
            }
            t += delay;
            if (t >= end) {
                cut = true;
                return;
            }
            steps.add(new SeedStep(state, actor, t, note, handler));
        }

        boolean finished() {
            return !cut;
        }

        String last() {
            return steps.isEmpty() ? "SUBMITTED" : steps.get(steps.size() - 1).state();
        }

        List<SeedStep> steps() {
            return List.copyOf(steps);
        }
    }
}
