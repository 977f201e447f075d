package org.gridcast.seeds;

/** One unit of a seed hierarchy; {@code parent} is empty for a top unit. */
public record SeedUnit(String id, String parent, UnitKind kind, String name) {
}
