package org.gridcast.seeds;

import java.util.List;
import java.util.function.Consumer;

/**
 * The seeds shipped in the jar, from the newspaper reports on Zhejiang micro-governance:
 * 所前镇 (Xiaoshan) with its 21 villages and communities, and 乔司街道's 航海路社区 (Linping).
 */
public final class BuiltInSeeds {
    public static final String SUOQIAN = "seeds/suoqian.tsv";
    public static final String QIAOSI = "seeds/qiaosi.tsv";
    /** The operator account every built-in hierarchy has. */
    public static final String OPERATOR_ID = "operator";

    private BuiltInSeeds() {
    }

    /**
     * Both files as one source. The units of every file come first, then the members, so the
     * result can be written out as one seed file; the files are small enough to read twice.
     */
    public static SeedSource source() {
        List<SeedSource> parts = List.of(SeedFile.resource(SUOQIAN), SeedFile.resource(QIAOSI));
        return new SeedSource() {
            @Override
            public String name() {
                return "builtin";
            }

            @Override
            public void forEach(Consumer<SeedUnit> units, Consumer<SeedMember> members) {
                for (SeedSource part : parts) {
                    part.forEach(units, m -> { });
                }
                for (SeedSource part : parts) {
                    part.forEach(u -> { }, members);
                }
            }
        };
    }
}
