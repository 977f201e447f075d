package org.gridcast.server.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.SlotHash;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gridcast.server.upgrade.OldKeyNames.Kind;
import org.junit.jupiter.api.Test;

/**
 * Every name the version before hash tags wrote (read off commit 57d2c11's parent: DirectoryKeys,
 * PresenceKeys, NoticeKeys, Revocations and the Lua scripts), spelled out by hand, against the
 * name this version reads.
 */
class OldKeyNamesTest {
    /** Old name → new name, literally, one per old pattern. */
    static Map<String, String> everyPattern() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("dir:units", "dir:{dir}:units");
        m.put("dir:seeded", "dir:{dir}:seeded");
        m.put("dir:seeding", "dir:{dir}:seeding");
        m.put("dir:version", "dir:{dir}:version");
        m.put("dir:audit", "dir:{dir}:audit");
        m.put("dir:unit:sq-laisuzhou", "dir:{dir}:unit:sq-laisuzhou");
        m.put("dir:members:sq-laisuzhou-g1-m1", "dir:{dir}:members:sq-laisuzhou-g1-m1");
        m.put("dir:member:sq-laisuzhou-g1-m1-r7", "dir:{dir}:member:sq-laisuzhou-g1-m1-r7");
        m.put("invite:7KQ2MXP9AZ", "dir:{dir}:invite:7KQ2MXP9AZ");
        m.put("route:sq-laisuzhou", "route:{u:sq-laisuzhou}");
        m.put("presence:sq-laisuzhou-g1-m1-r7", "presence:{i:sq-laisuzhou-g1-m1-r7}");
        m.put("revoked:sq-laisuzhou-g1-m1-r7", "revoked:{i:sq-laisuzhou-g1-m1-r7}");
        m.put("revoked:sq-laisuzhou-g1-m1-r7:phone", "revoked:{i:sq-laisuzhou-g1-m1-r7}:phone");
        m.put("node:n-0a1b2c3d:lease", "node:{node:n-0a1b2c3d}:lease");
        m.put("node:n-0a1b2c3d:online", "node:{node:n-0a1b2c3d}:online");
        m.put("node:n-0a1b2c3d:routes", "node:{node:n-0a1b2c3d}:routes");
        return m;
    }

    @Test
    void everyOldPatternMapsToItsRegistryName() {
        everyPattern().forEach((old, expected) -> {
            OldKeyNames.Name n = OldKeyNames.classify(old);
            assertThat(n.kind()).as(old).isEqualTo(Kind.OLD);
            assertThat(n.newName()).as(old).isEqualTo(expected);
        });
        assertThat(OldKeyNames.patterns()).hasSize(everyPattern().size());
    }

    @Test
    void theMarkersAreTheDirectorysSingletonsAndNothingElse() {
        assertThat(OldKeyNames.MARKERS).containsExactly("dir:seeded", "dir:units", "dir:version");
        assertThat(everyPattern().keySet().stream().filter(k -> OldKeyNames.classify(k).isMarker()))
                .containsExactly("dir:units", "dir:seeded", "dir:version");
    }

    @Test
    void aDevicesColonsAndBracesStayBehindTheTag() {
        OldKeyNames.Name n = OldKeyNames.classify("revoked:r1:ipad:{x}");
        assertThat(n.newName()).isEqualTo("revoked:{i:r1}:ipad:{x}");
        assertThat(SlotHash.getSlot(n.newName())).isEqualTo(SlotHash.getSlot("ch:{i:r1}:log"));
    }

    @Test
    void namesOfThisVersionAndUnchangedNamespacesAreCurrent() {
        for (String key : new String[] {"dir:{dir}:units", "dir:{dir}:member:a", "route:{u:a}", "presence:{i:a}",
                "revoked:{i:a}:phone", "node:{node:n-1}:lease", "ch:{u:a}:log", "ch:{i:a}:read", "ev:{ev}:e:E1",
                "cv:seq", "faq:c1", "media:{ab}", "control", "dirt", "nodes"}) {
            assertThat(OldKeyNames.classify(key).kind()).as(key).isEqualTo(Kind.CURRENT);
        }
    }

    @Test
    void oldNamespaceNamesTheOldVersionCouldNotWriteAreLeftAlone() {
        String tooLong = "a".repeat(101);
        for (String key : new String[] {"dir:", "dir:colour", "dir:member:", "dir:member:a b", "dir:member:" + tooLong,
                "route:a}b", "presence:a:b", "revoked:", "node:a:b:lease", "node:a:pulse", "invite:short",
                "invite:{dir}:7KQ2MXP9AZ", "invite:7KQ2MXP9A0", "revoked:a:" + "d".repeat(129), "revoked:a:x\ny"}) {
            OldKeyNames.Name n = OldKeyNames.classify(key);
            assertThat(n.kind()).as(key).isEqualTo(Kind.UNRECOGNISED);
            assertThat(n.newName()).as(key).isNull();
        }
    }
}
