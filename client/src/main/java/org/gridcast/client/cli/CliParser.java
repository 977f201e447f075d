package org.gridcast.client.cli;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParseResult;

/**
 * Turns a command line into a command and its options with picocli. The picocli model is built
 * from each {@link Command}'s option list, so a command stays one small class and
 * {@code --help} works on every command. Parse errors become BAD_ARGS with the messages the
 * hand-written parser had (they are part of the contract scripts match on).
 */
final class CliParser {

    static final String NAME = "gridcast-cli";

    /** Exit statuses, shown under every {@code --help}. */
    static final Map<String, String> EXIT_CODES = exitCodes();

    private static final String GLOBAL_SYNOPSIS = "--server HOST:PORT [--token T] [--device D] [--cursors FILE]";

    private static final Pattern LABEL_AFTER = Pattern.compile("^ ([^\\s\\])]+)");

    private final Map<String, Command> commands;
    private final CommandLine root;

    /** What a command line asked for: a command to run, or the help of one. */
    sealed interface Parsed permits Run, Help {
    }

    record Run(CommandContext.Globals globals, Command command, Args args) implements Parsed {
    }

    record Help(String text) implements Parsed {
    }

    CliParser(Map<String, Command> commands) {
        this.commands = new TreeMap<>(commands);
        CommandSpec top = CommandSpec.create().name(NAME);
        describe(top.usageMessage(), NAME + " " + GLOBAL_SYNOPSIS + " COMMAND [OPTIONS]",
                "Gridcast command-line client. Prints JSON lines on stdout; a failure is one"
                        + " {\"error\",\"message\"} line on stderr.",
                NAME + " COMMAND --help shows a command's options.");
        addHelp(top);
        GlobalOptions.ALL.forEach(o -> top.addOption(spec(o, GLOBAL_SYNOPSIS)));
        root = new CommandLine(top);
        for (Command c : this.commands.values()) {
            root.addSubcommand(c.name(), new CommandLine(commandSpec(c)));
        }
        // Values are taken as given, as the old parser did: "--text @notes" is text, not a file to
        // expand; a value may look like an option or a command ("--title listen").
        root.setExpandAtFiles(false);
        root.setAllowOptionsAsOptionParameters(true);
        root.setAllowSubcommandsAsOptionParameters(true);
    }

    private static CommandSpec commandSpec(Command c) {
        CommandSpec spec = CommandSpec.create().name(c.name());
        // The description is also the command's line in the top-level list.
        describe(spec.usageMessage(), NAME + " [GLOBAL OPTIONS] " + c.usage(),
                c.description().isEmpty() ? c.usage() : c.description(), "");
        addHelp(spec);
        Set<String> own = c.options().stream().map(Option::name).collect(Collectors.toSet());
        c.options().forEach(o -> spec.addOption(spec(o, c.usage())));
        // Global options may also follow the command; a command's own option of the same name
        // wins there (revoke --device names the device to revoke).
        GlobalOptions.ALL.stream().filter(o -> !own.contains(o.name()))
                .forEach(o -> spec.addOption(spec(o, GLOBAL_SYNOPSIS)));
        return spec;
    }

    private static void describe(UsageMessageSpec usage, String synopsis, String description, String footer) {
        usage.customSynopsis(synopsis);
        if (!description.isEmpty()) {
            usage.description(description);
        }
        usage.exitCodeListHeading("%nExit codes:%n").exitCodeList(EXIT_CODES);
        if (!footer.isEmpty()) {
            usage.footer("%n" + footer);
        }
    }

    private static void addHelp(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("show this help and exit").build());
    }

    /** The picocli option; its label comes from the usage line ({@code --seq N} → N). */
    private static OptionSpec spec(Option o, String usage) {
        OptionSpec.Builder b = OptionSpec.builder(o.name());
        if (o.hasValue()) {
            b.type(String.class).arity("1").paramLabel(label(o.name(), usage));
        } else {
            b.type(boolean.class).arity("0");
        }
        if (!o.description().isEmpty()) {
            b.description(o.description());
        }
        return b.build();
    }

    private static String label(String name, String usage) {
        int at = usage.indexOf(name + " ");
        if (at >= 0) {
            Matcher m = LABEL_AFTER.matcher(usage.substring(at + name.length()));
            if (m.find() && !m.group(1).startsWith("-")) {
                return m.group(1);
            }
        }
        return "VALUE";
    }

    Parsed parse(String[] argv) {
        ParseResult top;
        try {
            top = root.parseArgs(argv);
        } catch (CommandLine.ParameterException e) {
            throw CliException.badArgs(message(e));
        }
        for (ParseResult r = top; r != null; r = r.subcommand()) {
            if (r.isUsageHelpRequested()) {
                return new Help(r.commandSpec().commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF));
            }
        }
        ParseResult sub = top.subcommand();
        if (sub == null) {
            throw CliException.badArgs("no command; commands: " + commandList());
        }
        Command command = commands.get(sub.commandSpec().name());
        Map<String, String> globals = new HashMap<>();
        for (OptionSpec o : top.matchedOptions()) {
            put(globals, o, top);
        }
        Map<String, String> own = new LinkedHashMap<>();
        Set<String> ownNames = command.options().stream().map(Option::name).collect(Collectors.toSet());
        for (OptionSpec o : sub.matchedOptions()) {
            Map<String, String> target = ownNames.contains(o.longestName()) ? own : globals;
            put(target, o, sub);
        }
        return new Run(GlobalOptions.globals(globals, command), command, new Args(own));
    }

    private static void put(Map<String, String> target, OptionSpec o, ParseResult result) {
        if (o.usageHelp()) {
            return;
        }
        String name = o.longestName();
        if (target.containsKey(name)) {
            throw CliException.badArgs("option " + name + " given twice");
        }
        target.put(name, o.arity().max() == 0 ? "" : String.valueOf((Object) result.matchedOptionValue(name, "")));
    }

    private String message(CommandLine.ParameterException e) {
        CommandLine where = e.getCommandLine();
        boolean atRoot = where == root;
        String usage = atRoot ? "" : "; usage: " + commands.get(where.getCommandName()).usage();
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            if (first.startsWith("-")) {
                return "unknown option " + first + usage;
            }
            return atRoot ? "unknown command " + first + "; commands: " + commandList()
                    : "unexpected argument " + first + usage;
        }
        if (e instanceof CommandLine.MissingParameterException m && !m.getMissing().isEmpty()
                && m.getMissing().get(0) instanceof OptionSpec o) {
            return "option " + o.longestName() + " needs a value";
        }
        if (e instanceof CommandLine.OverwrittenOptionException o && o.getOverwritten() instanceof OptionSpec spec) {
            return "option " + spec.longestName() + " given twice";
        }
        return e.getMessage() + usage;
    }

    private String commandList() {
        return String.join(", ", commands.keySet());
    }

    private static Map<String, String> exitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("0", "done (listen: --count reached or --timeout)");
        codes.put("1", "the server refused, the connection failed, or listen was kicked or revoked");
        codes.put("2", "bad arguments (BAD_ARGS)");
        return codes;
    }
}
