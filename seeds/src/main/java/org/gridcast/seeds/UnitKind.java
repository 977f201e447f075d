package org.gridcast.seeds;

/** Levels of the hierarchy, top down. DEPARTMENT is a handler unit (a town department or a shop alliance). */
public enum UnitKind {
    TOWN, COMMUNITY, GRID, MICROGRID, DEPARTMENT
}
