package org.gridcast.client.cli;

/**
 * One {@code --name} a command accepts.
 *
 * @param name        with the leading dashes, e.g. {@code --unit}
 * @param hasValue    false for a flag such as {@code --confirm}
 * @param description the line {@code --help} shows for it; empty when the usage line says enough
 */
public record Option(String name, boolean hasValue, String description) {

    public static Option value(String name) {
        return new Option(name, true, "");
    }

    public static Option flag(String name) {
        return new Option(name, false, "");
    }

    /** The same option with a {@code --help} line. */
    public Option describe(String text) {
        return new Option(name, hasValue, text);
    }
}
