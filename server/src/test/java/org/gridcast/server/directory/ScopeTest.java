package org.gridcast.server.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridcast.server.directory.TestTrees.C1_STAFF;
import static org.gridcast.server.directory.TestTrees.C2_RESIDENT;
import static org.gridcast.server.directory.TestTrees.C2_STAFF;
import static org.gridcast.server.directory.TestTrees.G1_WORKER;
import static org.gridcast.server.directory.TestTrees.M1_LEADER;
import static org.gridcast.server.directory.TestTrees.M1_RESIDENT;
import static org.gridcast.server.directory.TestTrees.M2_LEADER;
import static org.gridcast.server.directory.TestTrees.M2_RESIDENT;
import static org.gridcast.server.directory.TestTrees.OPERATOR;
import static org.gridcast.server.directory.TestTrees.TOWN;
import static org.gridcast.server.directory.TestTrees.TREE;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.gridcast.seeds.Role;
import org.junit.jupiter.api.Test;

class ScopeTest {
    private static final List<MemberInfo> EVERYONE = List.of(OPERATOR, TOWN, C1_STAFF, C2_STAFF, G1_WORKER,
            M1_LEADER, M2_LEADER, M1_RESIDENT, M2_RESIDENT, C2_RESIDENT);
    private static final Set<String> ALL_UNITS = TREE.all().stream().map(UnitInfo::id).collect(Collectors.toSet());
    private static final Set<String> C1 = Set.of("c1", "c1-g1", "c1-g1-m1", "c1-g1-m2", "c1-g2", "c1-g2-m1");
    private static final Set<String> C2 = Set.of("c2", "c2-g1", "c2-g1-m1");
    private static final Set<String> G1 = Set.of("c1-g1", "c1-g1-m1", "c1-g1-m2");

    @Test
    void postingFollowsTheHomeSubtree() {
        Map<MemberInfo, Set<String>> expected = Map.of(
                OPERATOR, ALL_UNITS, TOWN, ALL_UNITS, C1_STAFF, C1, C2_STAFF, C2, G1_WORKER, G1,
                M1_LEADER, Set.of("c1-g1-m1"), M2_LEADER, Set.of("c1-g1-m2"),
                M1_RESIDENT, Set.of(), M2_RESIDENT, Set.of(), C2_RESIDENT, Set.of());
        for (MemberInfo sender : EVERYONE) {
            assertThat(units(u -> Scope.canPostTo(sender, u, TREE))).as(sender.id()).isEqualTo(new TreeSet<>(expected.get(sender)));
            assertThat(Scope.canPostTo(sender, "nope", TREE)).isFalse();
        }
    }

    @Test
    void pointToPointReachesMembersInScope() {
        Map<MemberInfo, Set<String>> expected = Map.of(
                OPERATOR, ids(EVERYONE), TOWN, ids(EVERYONE),
                C1_STAFF, Set.of("c1s", "g1w", "m1l", "m2l", "m1r", "m2r"),
                C2_STAFF, Set.of("c2s", "c2r"),
                G1_WORKER, Set.of("g1w", "m1l", "m2l", "m1r", "m2r"),
                M1_LEADER, Set.of("m1l", "m1r"), M2_LEADER, Set.of("m2l", "m2r"),
                M1_RESIDENT, Set.of(), M2_RESIDENT, Set.of(), C2_RESIDENT, Set.of());
        for (MemberInfo sender : EVERYONE) {
            Set<String> reached = EVERYONE.stream().filter(t -> Scope.canReachMember(sender, t, TREE))
                    .map(MemberInfo::id).collect(Collectors.toSet());
            assertThat(reached).as(sender.id()).isEqualTo(expected.get(sender));
        }
    }

    @Test
    void leadersOnlyPullUnassignedResidentsIntoTheirOwnMicrogrid() {
        MemberInfo inGrid = TestTrees.m("g1r", "c1-g1", Role.RESIDENT);
        MemberInfo inCommunity = TestTrees.m("c1r", "c1", Role.RESIDENT);
        MemberInfo otherGrid = TestTrees.m("g2r", "c1-g2", Role.RESIDENT);
        assertThat(Scope.canMove(M1_LEADER, inGrid, "c1-g1-m1", TREE)).isTrue();        // grid above, not yet placed
        assertThat(Scope.canMove(M1_LEADER, inCommunity, "c1-g1-m1", TREE)).isTrue();   // community above
        assertThat(Scope.canMove(M1_LEADER, inGrid, "c1-g1-m2", TREE)).isFalse();       // only into their own
        assertThat(Scope.canMove(M1_LEADER, otherGrid, "c1-g1-m1", TREE)).isFalse();    // not above the leader
        assertThat(Scope.canMove(M1_LEADER, M1_RESIDENT, "c1-g1-m1", TREE)).isTrue();   // stays: no-op
        assertThat(Scope.canMove(M1_LEADER, M2_RESIDENT, "c1-g1-m1", TREE)).isFalse();  // out of another micro-grid
        assertThat(Scope.canMove(M1_LEADER, M1_RESIDENT, "c1-g1-m2", TREE)).isFalse();  // pushing out needs staff
        assertThat(Scope.canMove(M1_LEADER, M1_RESIDENT, "c2-g1-m1", TREE)).isFalse();
        assertThat(Scope.canMove(M1_LEADER, C2_RESIDENT, "c1-g1-m1", TREE)).isFalse();
        assertThat(Scope.canMove(M1_LEADER, M2_RESIDENT, "c1-g2-m1", TREE)).isFalse();  // neither end is theirs
        assertThat(Scope.canMove(M1_LEADER, M2_LEADER, "c1-g1-m1", TREE)).isFalse();    // not below them
        assertThat(Scope.canMove(M1_LEADER, TestTrees.m("g1l", "c1-g1", Role.MICROGRID_LEADER), "c1-g1-m1", TREE))
                .isFalse();
    }

    @Test
    void staffNeedBothEndsInScopeAndAHigherRole() {
        assertThat(Scope.canMove(G1_WORKER, M1_RESIDENT, "c1-g1-m2", TREE)).isTrue();
        assertThat(Scope.canMove(C1_STAFF, M1_LEADER, "c1-g1-m2", TREE)).isTrue();
        assertThat(Scope.canMove(G1_WORKER, TestTrees.m("g2m1r", "c1-g2-m1", Role.RESIDENT), "c1-g1-m1", TREE))
                .isFalse();                                                                  // from outside the grid
        assertThat(Scope.canMove(G1_WORKER, TestTrees.m("g1w2", "c1-g1", Role.GRID_WORKER), "c1-g1-m1", TREE))
                .isFalse();                                                                  // an equal
        assertThat(Scope.canMove(C1_STAFF, TestTrees.m("c1s2", "c1", Role.COMMUNITY_STAFF), "c1-g1-m1", TREE))
                .isFalse();
    }

    @Test
    void staffMoveWithinScopeAndOnlyIntoMicrogrids() {
        assertThat(Scope.canMove(G1_WORKER, M1_RESIDENT, "c1-g1-m2", TREE)).isTrue();
        assertThat(Scope.canMove(G1_WORKER, M1_LEADER, "c1-g1-m2", TREE)).isTrue();
        assertThat(Scope.canMove(G1_WORKER, M1_RESIDENT, "c1-g2-m1", TREE)).isFalse();
        assertThat(Scope.canMove(C1_STAFF, M1_RESIDENT, "c1-g2-m1", TREE)).isTrue();
        assertThat(Scope.canMove(C1_STAFF, M1_RESIDENT, "c2-g1-m1", TREE)).isFalse();
        assertThat(Scope.canMove(C2_STAFF, M1_RESIDENT, "c2-g1-m1", TREE)).isFalse();
        assertThat(Scope.canMove(TOWN, M1_RESIDENT, "c2-g1-m1", TREE)).isTrue();
        assertThat(Scope.canMove(TOWN, M1_RESIDENT, "c2-g1", TREE)).isFalse();
        assertThat(Scope.canMove(TOWN, G1_WORKER, "c2-g1-m1", TREE)).isFalse();
        assertThat(Scope.canMove(OPERATOR, M1_RESIDENT, "c2-g1-m1", TREE)).isTrue();
        assertThat(Scope.canMove(OPERATOR, M1_RESIDENT, "nope", TREE)).isFalse();
    }

    @Test
    void residentsDoNotMoveThemselves() {
        assertThat(Scope.canMove(M1_RESIDENT, M1_RESIDENT, "c1-g1-m2", TREE)).isFalse();
        assertThat(Scope.canMove(M1_RESIDENT, M2_RESIDENT, "c1-g1-m1", TREE)).isFalse();
    }

    @Test
    void addingNeedsAHigherRoleInScopeAndAUnitOfTheRightKind() {
        assertThat(Scope.canAddMember(M1_LEADER, "c1-g1-m1", Role.RESIDENT, TREE)).isTrue();
        assertThat(Scope.canAddMember(M1_LEADER, "c1-g1-m2", Role.RESIDENT, TREE)).isFalse();
        assertThat(Scope.canAddMember(M1_LEADER, "c1-g1-m1", Role.MICROGRID_LEADER, TREE)).isFalse();
        assertThat(Scope.canAddMember(G1_WORKER, "c1-g1-m2", Role.MICROGRID_LEADER, TREE)).isTrue();
        assertThat(Scope.canAddMember(G1_WORKER, "c1-g1", Role.GRID_WORKER, TREE)).isFalse();
        assertThat(Scope.canAddMember(C1_STAFF, "c1-g2", Role.GRID_WORKER, TREE)).isTrue();
        assertThat(Scope.canAddMember(C1_STAFF, "c1-g2", Role.RESIDENT, TREE)).isFalse(); // residents live in micro-grids
        assertThat(Scope.canAddMember(C1_STAFF, "c2-g1-m1", Role.RESIDENT, TREE)).isFalse();
        assertThat(Scope.canAddMember(TOWN, "c2", Role.COMMUNITY_STAFF, TREE)).isTrue();
        assertThat(Scope.canAddMember(TOWN, "t", Role.TOWN_STAFF, TREE)).isFalse();
        assertThat(Scope.canAddMember(OPERATOR, "t", Role.TOWN_STAFF, TREE)).isTrue();
        assertThat(Scope.canAddMember(M1_RESIDENT, "c1-g1-m1", Role.RESIDENT, TREE)).isFalse();
        assertThat(Scope.canAddMember(OPERATOR, "nope", Role.RESIDENT, TREE)).isFalse();
    }

    @Test
    void removingNeedsAHigherRoleInScope() {
        assertThat(Scope.canRemoveMember(M1_LEADER, M1_RESIDENT, TREE)).isTrue();
        assertThat(Scope.canRemoveMember(M1_LEADER, M2_RESIDENT, TREE)).isFalse();
        assertThat(Scope.canRemoveMember(M1_LEADER, M1_LEADER, TREE)).isFalse();
        assertThat(Scope.canRemoveMember(G1_WORKER, M2_LEADER, TREE)).isTrue();
        assertThat(Scope.canRemoveMember(C2_STAFF, M1_RESIDENT, TREE)).isFalse();
        assertThat(Scope.canRemoveMember(M1_RESIDENT, M1_RESIDENT, TREE)).isFalse();
        assertThat(Scope.canRemoveMember(OPERATOR, TOWN, TREE)).isTrue();
        assertThat(Scope.canRemoveMember(OPERATOR, OPERATOR, TREE)).isFalse();
    }

    @Test
    void invitesForMicrogridsInScope() {
        Map<MemberInfo, Set<String>> expected = Map.of(
                OPERATOR, Set.of("c1-g1-m1", "c1-g1-m2", "c1-g2-m1", "c2-g1-m1"),
                TOWN, Set.of("c1-g1-m1", "c1-g1-m2", "c1-g2-m1", "c2-g1-m1"),
                C1_STAFF, Set.of("c1-g1-m1", "c1-g1-m2", "c1-g2-m1"), C2_STAFF, Set.of("c2-g1-m1"),
                G1_WORKER, Set.of("c1-g1-m1", "c1-g1-m2"), M1_LEADER, Set.of("c1-g1-m1"), M2_LEADER, Set.of("c1-g1-m2"),
                M1_RESIDENT, Set.of(), M2_RESIDENT, Set.of(), C2_RESIDENT, Set.of());
        for (MemberInfo actor : EVERYONE) {
            assertThat(units(u -> Scope.canIssueInvite(actor, u, TREE))).as(actor.id()).isEqualTo(new TreeSet<>(expected.get(actor)));
        }
        // an invite for an existing member mints a token for them: operators only
        assertThat(EVERYONE.stream().filter(Scope::canIssueInviteForMember).map(MemberInfo::id))
                .containsExactly(OPERATOR.id());
    }

    @Test
    void receiptsForTheSenderAndStaffAboveTheNotice() {
        // a notice G1_WORKER posted to c1-g1-m1
        assertThat(Scope.canSeeReceipts(G1_WORKER, G1_WORKER, "c1-g1-m1", TREE)).isTrue();
        assertThat(Scope.canSeeReceipts(C1_STAFF, G1_WORKER, "c1-g1-m1", TREE)).isTrue();
        assertThat(Scope.canSeeReceipts(M1_LEADER, G1_WORKER, "c1-g1-m1", TREE)).isTrue();
        assertThat(Scope.canSeeReceipts(M2_LEADER, G1_WORKER, "c1-g1-m1", TREE)).isFalse();
        assertThat(Scope.canSeeReceipts(C2_STAFF, G1_WORKER, "c1-g1-m1", TREE)).isFalse();
        assertThat(Scope.canSeeReceipts(M1_RESIDENT, G1_WORKER, "c1-g1-m1", TREE)).isFalse();
        assertThat(Scope.canSeeReceipts(OPERATOR, G1_WORKER, "c1-g1-m1", TREE)).isTrue();
        // a point-to-point notice by C1_STAFF: judged by the sender's unit
        assertThat(Scope.canSeeReceipts(TOWN, C1_STAFF, "", TREE)).isTrue();
        assertThat(Scope.canSeeReceipts(G1_WORKER, C1_STAFF, null, TREE)).isFalse();
        assertThat(Scope.canSeeReceipts(C1_STAFF, C1_STAFF, null, TREE)).isTrue();
    }

    @Test
    void onlyOperatorsRevoke() {
        assertThat(EVERYONE.stream().filter(Scope::canRevoke)).containsExactly(OPERATOR);
    }

    private static TreeSet<String> units(Predicate<String> allowed) {
        return TREE.all().stream().map(UnitInfo::id).filter(allowed).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> ids(List<MemberInfo> members) {
        return members.stream().map(MemberInfo::id).collect(Collectors.toSet());
    }
}
