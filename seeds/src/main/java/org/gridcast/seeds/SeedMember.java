package org.gridcast.seeds;

/** One member of a seed hierarchy; {@code tag} is a free label such as "floating" or "shop". */
public record SeedMember(String id, String unit, Role role, String name, String tag) {
}
