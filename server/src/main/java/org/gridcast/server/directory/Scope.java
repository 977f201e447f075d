package org.gridcast.server.directory;

import org.gridcast.seeds.Role;
import org.gridcast.seeds.UnitKind;

/**
 * Who may do what, from the directory alone (never from a message's fields). Pure functions.
 *
 * <p>A staff member's scope is the subtree of their home unit; a micro-grid leader's scope is
 * their micro-grid; an operator's scope is everything; a resident has none.
 *
 * <p>Residents do not move themselves between micro-grids: the reports describe micro-grids as
 * set up by the village party organisation, with each leader choosing members by acquaintance
 * and location (人缘、地缘). A resident asks a leader or the staff, who move them.
 */
public final class Scope {
    private Scope() {
    }

    /** May {@code sender} post a notice to {@code unit}? */
    public static boolean canPostTo(MemberInfo sender, String unit, UnitTree tree) {
        if (!tree.exists(unit)) {
            return false;
        }
        return switch (sender.role()) {
            case OPERATOR -> true;
            case RESIDENT -> false;
            case MICROGRID_LEADER -> sender.unit().equals(unit);
            default -> tree.contains(sender.unit(), unit);
        };
    }

    /** May {@code sender} send {@code target} a point-to-point notice (点对点的事项通知)? */
    public static boolean canReachMember(MemberInfo sender, MemberInfo target, UnitTree tree) {
        return switch (sender.role()) {
            case OPERATOR -> true;
            case RESIDENT -> false;
            default -> inScope(sender, target.unit(), tree);
        };
    }

    /**
     * May {@code actor} move {@code member} to micro-grid {@code toUnit}? Only residents and
     * leaders move, only into a micro-grid, and only by someone of a higher role (an operator may
     * move anyone who moves). The actor's scope must hold both ends: the member's current home
     * (whose leader or staff vouched for them there) and the destination. Otherwise a leader
     * could pull anyone of the community into their micro-grid and act for them (issue 8).
     *
     * <p>One allowance, so a leader can still gather neighbours (人缘、地缘): a micro-grid leader
     * may pull a resident whose home is a grid or community above the leader's micro-grid (not
     * yet in any micro-grid) into their own micro-grid. Pulling someone out of another leader's
     * micro-grid needs staff whose scope covers that micro-grid.
     */
    public static boolean canMove(MemberInfo actor, MemberInfo member, String toUnit, UnitTree tree) {
        if (!isKind(tree, toUnit, UnitKind.MICROGRID)
                || (member.role() != Role.RESIDENT && member.role() != Role.MICROGRID_LEADER)) {
            return false;
        }
        return switch (actor.role()) {
            case OPERATOR -> true;
            case RESIDENT -> false;
            case MICROGRID_LEADER -> member.role() == Role.RESIDENT && toUnit.equals(actor.unit())
                    && (member.unit().equals(actor.unit()) || isUnassignedAbove(tree, member.unit(), actor.unit()));
            default -> actor.role().compareTo(member.role()) > 0
                    && tree.contains(actor.unit(), member.unit()) && tree.contains(actor.unit(), toUnit);
        };
    }

    /** {@code home} is a grid or community strictly above {@code microgrid}: a home outside any micro-grid. */
    private static boolean isUnassignedAbove(UnitTree tree, String home, String microgrid) {
        return !home.equals(microgrid) && tree.contains(home, microgrid)
                && (isKind(tree, home, UnitKind.GRID) || isKind(tree, home, UnitKind.COMMUNITY));
    }

    /**
     * May {@code actor} add a member with {@code role} at {@code unit}? Only a role below the
     * actor's own (an operator may add anyone), at a unit of the kind the role belongs to, within
     * scope: a leader adds residents to their micro-grid.
     */
    public static boolean canAddMember(MemberInfo actor, String unit, Role role, UnitTree tree) {
        if (!fitsHome(tree, unit, role)) {
            return false;
        }
        if (actor.role() == Role.OPERATOR) {
            return true;
        }
        return actor.role() != Role.RESIDENT && actor.role().compareTo(role) > 0 && inScope(actor, unit, tree);
    }

    /** May {@code actor} remove {@code member}? Same rule as adding one of that role there. */
    public static boolean canRemoveMember(MemberInfo actor, MemberInfo member, UnitTree tree) {
        if (actor.role() == Role.OPERATOR) {
            return !actor.id().equals(member.id());
        }
        return actor.role() != Role.RESIDENT && actor.role().compareTo(member.role()) > 0
                && inScope(actor, member.unit(), tree);
    }

    /**
     * May {@code actor} issue an invite to join micro-grid {@code unit} (the redeemer becomes a
     * resident there)? Staff whose scope holds the micro-grid, the micro-grid's leader, operators.
     */
    public static boolean canIssueInvite(MemberInfo actor, String unit, UnitTree tree) {
        return isKind(tree, unit, UnitKind.MICROGRID) && canAddMember(actor, unit, Role.RESIDENT, tree);
    }

    /**
     * May {@code actor} issue an invite for an existing member (a new phone for them)? Only an
     * operator: such an invite mints a token for someone who already has an identity, so anyone
     * else holding it could act as them. Everyone else's invites create a new member.
     */
    public static boolean canIssueInviteForMember(MemberInfo actor) {
        return actor.role() == Role.OPERATOR;
    }

    /**
     * May {@code actor} see who read and confirmed a notice? The sender always; an operator
     * always; staff whose scope holds the notice's unit, or the sender's unit for a
     * point-to-point notice ({@code unitOfNotice} null or empty).
     */
    public static boolean canSeeReceipts(MemberInfo actor, MemberInfo sender, String unitOfNotice, UnitTree tree) {
        if (actor.id().equals(sender.id()) || actor.role() == Role.OPERATOR) {
            return true;
        }
        if (actor.role() == Role.RESIDENT) {
            return false;
        }
        boolean direct = unitOfNotice == null || unitOfNotice.isEmpty();
        return inScope(actor, direct ? sender.unit() : unitOfNotice, tree);
    }

    /** Revoking tokens and closing sessions of others is an operator's job. */
    public static boolean canRevoke(MemberInfo actor) {
        return actor.role() == Role.OPERATOR;
    }

    /** The actor's home subtree holds {@code unit} (a leader's subtree is their micro-grid). */
    private static boolean inScope(MemberInfo actor, String unit, UnitTree tree) {
        return actor.role() == Role.OPERATOR || (actor.role() != Role.RESIDENT && tree.contains(actor.unit(), unit));
    }

    private static boolean isKind(UnitTree tree, String unit, UnitKind kind) {
        return tree.unit(unit).map(u -> u.kind() == kind).orElse(false);
    }

    /** Residents and leaders live in micro-grids; staff sit at the level they serve. */
    private static boolean fitsHome(UnitTree tree, String unit, Role role) {
        UnitKind kind = tree.unit(unit).map(UnitInfo::kind).orElse(null);
        if (kind == null) {
            return false;
        }
        return switch (role) {
            case RESIDENT, MICROGRID_LEADER -> kind == UnitKind.MICROGRID;
            case GRID_WORKER -> kind == UnitKind.GRID;
            case COMMUNITY_STAFF -> kind == UnitKind.COMMUNITY;
            case TOWN_STAFF -> kind == UnitKind.TOWN || kind == UnitKind.DEPARTMENT;
            case OPERATOR -> true;
        };
    }
}
