package org.gridcast.server.it;

import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Ids of the small town in {@code seeds/hardening.tsv}: every role once (the first community's
 * chain c1 → c1-g1 → c1-g1-m1 holds the actors), a shop operator (商户) in the c1 shop alliance,
 * and a second community c2 whose staff are "another community".
 */
final class Hamlet {
    static final String TOWN = "t";
    static final String DEPARTMENT = "t-d";
    static final String C1 = "c1";
    static final String G1 = "c1-g1";
    static final String M1 = "c1-g1-m1";
    static final String M2 = "c1-g1-m2";
    static final String G2 = "c1-g2";
    static final String G2M1 = "c1-g2-m1";
    static final String SHOPS = "c1-shops";
    static final String C2 = "c2";
    static final String C2M1 = "c2-g1-m1";

    static final String OPERATOR = "op";
    static final String TOWN_STAFF = "t-s1";
    static final String COMMUNITY_STAFF = "c1-s1";
    static final String GRID_WORKER = "c1-g1-w";
    static final String LEADER = "c1-g1-m1-l";
    static final String RESIDENT = "c1-g1-m1-r1";
    static final String SHOP = "c1-shops-1";
    static final String OTHER_STAFF = "c2-s1";

    static final String M1_FLOATING = "c1-g1-m1-r2";
    static final String M2_LEADER = "c1-g1-m2-l";
    static final String M2_RESIDENT = "c1-g1-m2-r1";
    static final String G2_WORKER = "c1-g2-w";
    static final String C2_RESIDENT = "c2-g1-m1-r1";

    private Hamlet() {
    }

    /** The seed file's path, as {@code --seeds} takes it. */
    static String seeds() {
        try {
            return Path.of(Hamlet.class.getResource("/seeds/hardening.tsv").toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
