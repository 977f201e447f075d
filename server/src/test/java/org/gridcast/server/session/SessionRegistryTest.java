package org.gridcast.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.gridcast.seeds.Role;
import org.junit.jupiter.api.Test;

class SessionRegistryTest {
    private final SessionRegistry registry = new SessionRegistry();
    private final List<String> events = new ArrayList<>();

    SessionRegistryTest() {
        registry.addListener(new SessionRegistry.Listener() {
            @Override
            public void opened(Session s, boolean firstOfMember) {
                events.add("open s" + s.id() + (firstOfMember ? " first" : ""));
            }

            @Override
            public void closed(Session s, boolean lastOfMember, boolean lastOfDevice) {
                events.add("close s" + s.id() + (lastOfMember ? " lastMember" : "") + (lastOfDevice ? " lastDevice" : ""));
            }
        });
    }

    /** @param label "s" and a number, the session's id */
    private static Session session(String label, String member, String device, String unit) {
        return new Session(Long.parseLong(label.substring(1)), new MemberIdentity(member, unit, Role.RESIDENT, "居民"),
                device, 0, new EmbeddedChannel());
    }

    @Test
    void indexesByMemberDeviceAndUnit() {
        Session phone = session("s1", "m1", "phone", "g1-m1");
        Session pad = session("s2", "m1", "pad", "g1-m1");
        Session other = session("s3", "m2", "phone", "g1-m2");
        registry.add(phone);
        registry.add(pad);
        registry.add(other);

        assertThat(registry.byMember("m1")).containsExactly(phone, pad);
        assertThat(registry.byMember("m2")).containsExactly(other);
        assertThat(registry.byMember("nobody")).isEmpty();
        assertThat(registry.byUnit("g1-m1")).containsExactlyInAnyOrder(phone, pad);
        assertThat(registry.byDevice("m1", "pad")).contains(pad);
        assertThat(registry.size()).isEqualTo(3);
        assertThat(events).containsExactly("open s1 first", "open s2", "open s3 first");
    }

    @Test
    void aNewerLoginOnTheSameDeviceReplacesTheOlder() {
        Session older = session("s1", "m1", "phone", "u");
        Session newer = session("s2", "m1", "phone", "u");
        registry.add(older);

        assertThat(registry.add(newer)).contains(older);
        assertThat(registry.byMember("m1")).containsExactly(newer);
        assertThat(registry.remove(older)).isFalse();
        assertThat(registry.byMember("m1")).containsExactly(newer);
        assertThat(events).containsExactly("open s1 first", "close s1 lastMember", "open s2 first");
    }

    @Test
    void removingTheLastSessionOfAMemberSaysSo() {
        Session phone = session("s1", "m1", "phone", "u");
        Session pad = session("s2", "m1", "pad", "u");
        registry.add(phone);
        registry.add(pad);

        assertThat(registry.remove(phone)).isTrue();
        assertThat(registry.byMember("m1")).containsExactly(pad);
        assertThat(registry.remove(pad)).isTrue();
        assertThat(registry.byMember("m1")).isEmpty();
        assertThat(registry.byUnit("u")).isEmpty();
        assertThat(registry.units()).isEmpty();
        assertThat(registry.size()).isZero();
        assertThat(events).endsWith("close s1 lastDevice", "close s2 lastMember lastDevice");
    }

    @Test
    void rehomeMovesEverySessionOfTheMember() {
        Session phone = session("s1", "m1", "phone", "old");
        Session pad = session("s2", "m1", "pad", "old");
        registry.add(phone);
        registry.add(pad);

        registry.rehome("m1", "new", Role.MICROGRID_LEADER);

        assertThat(registry.byUnit("old")).isEmpty();
        assertThat(registry.byUnit("new")).containsExactlyInAnyOrder(phone, pad);
        assertThat(registry.byMember("m1")).containsExactlyInAnyOrder(phone, pad);
        assertThat(phone.unit()).isEqualTo("new");
        assertThat(pad.role()).isEqualTo(Role.MICROGRID_LEADER);
        // presence sees the member leave the old unit and arrive in the new one, even with two devices
        assertThat(events).endsWith("close s1", "close s2 lastMember", "open s1 first", "open s2");
    }

    @Test
    void aRoleChangeInTheSameUnitKeepsTheSessionIndexed() {
        Session phone = session("s1", "m1", "phone", "u");
        registry.add(phone);

        registry.rehome("m1", "u", Role.MICROGRID_LEADER);

        assertThat(registry.byUnit("u")).containsExactly(phone);
        assertThat(phone.role()).isEqualTo(Role.MICROGRID_LEADER);
        assertThat(registry.byLoop().get(phone.channel().eventLoop()).get("u")).containsExactly(phone);
    }
}
