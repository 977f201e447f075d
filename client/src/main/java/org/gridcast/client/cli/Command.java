package org.gridcast.client.cli;

import java.util.List;

/**
 * One CLI command. Commands are found with {@link java.util.ServiceLoader}: adding one is a class
 * implementing this and a line in {@code META-INF/services/org.gridcast.client.cli.Command}.
 */
public interface Command {

    /** The word on the command line, e.g. {@code post}. */
    String name();

    /** The options this command accepts (besides the global ones). */
    List<Option> options();

    /** Usage line shown on BAD_ARGS and as the synopsis of {@code --help}. */
    String usage();

    /** What the command does, for {@code --help}; empty when the usage line says enough. */
    default String description() {
        return "";
    }

    /** False for commands that work without a login (redeem). */
    default boolean needsToken() {
        return true;
    }

    /** Runs the command, printing JSON lines to {@code ctx.out()}; failures throw. */
    void run(CommandContext ctx) throws Exception;
}
