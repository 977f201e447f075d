package org.gridcast.seeds.events;

/** One step of a generated event: the state reached, who took it, when, a note, and for dispatches the handler. */
public record SeedStep(String state, String actor, long atMs, String note, String handler) {
}
