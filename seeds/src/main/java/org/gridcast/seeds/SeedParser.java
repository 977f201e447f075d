package org.gridcast.seeds;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Turns the lines of a seed file into units and members, one line at a time. Keeps only the
 * units in memory (a town has a few thousand); members pass straight through.
 *
 * <p>Besides {@code unit} and {@code member} records it takes a {@code residents} directive,
 * {@code residents\t<unit>\t<registered>\t<floating>\t<shops>}, which generates that many
 * residents spread evenly over the micro-grids under the unit, with deterministic names. The
 * built-in seeds use it to describe thousands of villagers in one line.
 */
final class SeedParser {
    /** Ids travel in Redis keys and channel ids: ASCII only, no separators used by either. */
    static final int MAX_ID_LENGTH = 100;
    static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1," + MAX_ID_LENGTH + "}");
    /** Names and tags are shown on phones; longer text is a mistake in the file. */
    static final int MAX_NAME_LENGTH = 64;
    /** One {@code residents} line may generate at most this many residents per kind. */
    static final int MAX_GENERATED = 10_000_000;

    static final String FLOATING = "floating";
    static final String SHOP = "shop";

    private final String sourceName;
    private final Consumer<SeedUnit> units;
    private final Consumer<SeedMember> members;
    private final Map<String, SeedUnit> known = new HashMap<>();
    private final Map<String, List<String>> children = new HashMap<>();
    private boolean membersStarted;

    SeedParser(String sourceName, Consumer<SeedUnit> units, Consumer<SeedMember> members) {
        this.sourceName = sourceName;
        this.units = units;
        this.members = members;
    }

    void line(int number, String raw) {
        String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        if (line.isBlank() || line.startsWith("#")) {
            return;
        }
        String[] f = line.split("\t", -1);
        switch (f[0]) {
            case "unit" -> unit(number, f);
            case "member" -> member(number, f);
            case "residents" -> residents(number, f);
            default -> throw error(number, "unknown record '" + f[0] + "' (expected unit, member or residents)");
        }
    }

    private void unit(int n, String[] f) {
        fields(n, f, 5);
        if (membersStarted) {
            throw error(n, "unit after the first member: list every unit first");
        }
        String id = id(n, f[1]);
        if (known.containsKey(id)) {
            throw error(n, "duplicate unit " + id);
        }
        String parent = f[2].equals("-") ? "" : f[2];
        if (!parent.isEmpty() && !known.containsKey(parent)) {
            throw error(n, "unknown parent " + parent + " (parents come before their children)");
        }
        SeedUnit unit = new SeedUnit(id, parent, kind(n, f[3]), name(n, f[4]));
        known.put(id, unit);
        children.computeIfAbsent(parent, p -> new ArrayList<>()).add(id);
        units.accept(unit);
    }

    private void member(int n, String[] f) {
        fields(n, f, 6);
        membersStarted = true;
        String id = id(n, f[1]);
        String unit = knownUnit(n, f[2]);
        Role role = role(n, f[3]);
        String tag = f[5].equals("-") ? "" : f[5];
        if (tag.length() > MAX_NAME_LENGTH) {
            throw error(n, "tag longer than " + MAX_NAME_LENGTH);
        }
        members.accept(new SeedMember(id, unit, role, name(n, f[4]), tag));
    }

    private void residents(int n, String[] f) {
        fields(n, f, 5);
        membersStarted = true;
        String unit = knownUnit(n, f[1]);
        int registered = count(n, f[2]);
        int floating = count(n, f[3]);
        int shops = count(n, f[4]);
        List<String> microgrids = microgridsUnder(unit);
        if (microgrids.isEmpty()) {
            throw error(n, "no micro-grid under " + unit);
        }
        int m = microgrids.size();
        // Generated ids are <micro-grid>-r<k>: a micro-grid id near the limit leaves no room for them.
        int suffix = 2 + String.valueOf(Math.max(registered, Math.max(floating, shops))).length();
        for (String mg : microgrids) {
            if (mg.length() + suffix > MAX_ID_LENGTH) {
                throw error(n, "micro-grid id " + mg.length() + " characters long leaves no room for generated ids (max "
                        + (MAX_ID_LENGTH - suffix) + " here)");
            }
        }
        for (int i = 0; i < m; i++) {
            String mg = microgrids.get(i);
            ChineseNames names = ChineseNames.forKey(mg, 0);
            for (int r = 1, c = share(registered, m, i); r <= c; r++) {
                members.accept(new SeedMember(mg + "-r" + r, mg, Role.RESIDENT, names.person(), ""));
            }
            for (int r = 1, c = share(floating, m, i); r <= c; r++) {
                members.accept(new SeedMember(mg + "-f" + r, mg, Role.RESIDENT, names.person(), FLOATING));
            }
            for (int r = 1, c = share(shops, m, i); r <= c; r++) {
                members.accept(new SeedMember(mg + "-s" + r, mg, Role.RESIDENT, names.shopOperator(), SHOP));
            }
        }
    }

    /** Part {@code i} of {@code total} split into {@code parts} near-equal parts, larger ones first. */
    static int share(int total, int parts, int i) {
        return total / parts + (i < total % parts ? 1 : 0);
    }

    /** Micro-grids in the subtree of {@code unit}, depth first in file order. */
    private List<String> microgridsUnder(String unit) {
        List<String> found = new ArrayList<>();
        Deque<String> stack = new ArrayDeque<>();
        stack.push(unit);
        while (!stack.isEmpty()) {
            String u = stack.pop();
            if (known.get(u).kind() == UnitKind.MICROGRID) {
                found.add(u);
            }
            List<String> kids = children.getOrDefault(u, List.of());
            for (int k = kids.size() - 1; k >= 0; k--) {
                stack.push(kids.get(k));
            }
        }
        return found;
    }

    private void fields(int n, String[] f, int expected) {
        if (f.length != expected) {
            throw error(n, f[0] + " needs " + expected + " tab-separated fields, found " + f.length);
        }
    }

    private String id(int n, String id) {
        if (!ID.matcher(id).matches()) {
            throw error(n, "bad id '" + id + "' (1-100 of A-Z a-z 0-9 _ . -)");
        }
        return id;
    }

    private String knownUnit(int n, String id) {
        if (!known.containsKey(id)) {
            throw error(n, "unknown unit " + id);
        }
        return id;
    }

    private String name(int n, String name) {
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw error(n, "name must have 1-" + MAX_NAME_LENGTH + " characters");
        }
        return name;
    }

    private UnitKind kind(int n, String kind) {
        try {
            return UnitKind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            throw error(n, "unknown unit kind " + kind);
        }
    }

    private Role role(int n, String role) {
        try {
            return Role.valueOf(role);
        } catch (IllegalArgumentException e) {
            throw error(n, "unknown role " + role);
        }
    }

    private int count(int n, String text) {
        try {
            int value = Integer.parseInt(text);
            if (value >= 0 && value <= MAX_GENERATED) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(n, "count must be 0-" + MAX_GENERATED + ": " + text);
    }

    private SeedFormatException error(int n, String problem) {
        return new SeedFormatException(sourceName, n, problem);
    }
}
