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

    /** Usage line shown on BAD_ARGS. */
    String usage();

    /** False for commands that work without a login (redeem). */
    default boolean needsToken() {
        return true;
    }

    /** Runs the command, printing JSON lines to {@code ctx.out()}; failures throw. */
    void run(CommandContext ctx) throws Exception;
}
