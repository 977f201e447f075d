package org.gridcast.server.event.workflow;

import org.gridcast.seeds.Role;
import org.gridcast.server.event.EventDirectory;
import org.gridcast.server.event.EventMember;

/**
 * new → SUBMITTED: a resident reports for themselves; a micro-grid leader or grid worker on behalf
 * of a resident of their scope; any staff member on patrol, for a unit of their scope.
 */
public final class ReportPolicy {
    private ReportPolicy() {
    }

    /** Throws NOT_PERMITTED unless {@code actor} may report an event of {@code reporter} at {@code unit}. */
    public static void check(EventMember actor, EventMember reporter, String unit, EventDirectory directory) {
        if (actor.role() == Role.OPERATOR) {
            throw new EventRefusedException(Refusal.NOT_PERMITTED, "operators do not report events");
        }
        boolean self = actor.id().equals(reporter.id());
        if (actor.isResident()) {
            if (!self || !unit.equals(actor.unit())) {
                throw new EventRefusedException(Refusal.NOT_PERMITTED, "a resident reports for themselves, at home");
            }
            return;
        }
        if (!self) {
            boolean firstLine = actor.role() == Role.MICROGRID_LEADER || actor.role() == Role.GRID_WORKER;
            if (!firstLine || !reporter.isResident() || !directory.within(actor.unit(), reporter.unit())) {
                throw new EventRefusedException(Refusal.NOT_PERMITTED,
                        "only a micro-grid leader or grid worker reports on behalf of a resident of their scope");
            }
            return;
        }
        if (!directory.within(actor.unit(), unit)) {
            throw new EventRefusedException(Refusal.NOT_PERMITTED, "staff on patrol report within their scope");
        }
    }
}
