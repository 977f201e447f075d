package org.gridcast.client.cli;

/**
 * One {@code --name} a command accepts.
 *
 * @param name     with the leading dashes, e.g. {@code --unit}
 * @param hasValue false for a flag such as {@code --confirm}
 */
public record Option(String name, boolean hasValue) {

    public static Option value(String name) {
        return new Option(name, true);
    }

    public static Option flag(String name) {
        return new Option(name, false);
    }
}
