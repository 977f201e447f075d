package org.gridcast.seeds.events;

import java.time.ZoneId;
import java.util.List;
import org.gridcast.seeds.SeedMember;
import org.gridcast.seeds.SeedUnit;

/** A street (街道) hierarchy and a year of its event reports, as the generator made them. */
public record StreetYear(List<SeedUnit> units, List<SeedMember> members, List<SeedEvent> events, ZoneId zone, int year) {
}
