package org.gridcast.client.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.gridcast.client.ClientOptions;
import org.gridcast.client.GridcastClientException;

/**
 * The command-line client:
 * {@code java -jar gridcast-cli.jar --server HOST:PORT --token T [--device D] [--tls [--tls-ca PEM]] COMMAND [options]}.
 * Prints JSON lines on stdout; on failure exactly one {@code {"error","message"}} line on stderr and
 * a non-zero exit.
 */
public final class Cli {

    /** Exit status for a failure reported by the server or the network. */
    public static final int EXIT_FAILED = 1;
    /** Exit status for wrong arguments. */
    public static final int EXIT_BAD_ARGS = 2;

    /** Tokens are bound to a device; the CLI's tokens are issued for this one unless told otherwise. */
    public static final String DEFAULT_DEVICE = "cli";

    private static final List<Option> GLOBALS = List.of(
            Option.value("--server"), Option.value("--token"), Option.value("--device"), Option.value("--cursors"),
            Option.flag("--tls"), Option.value("--tls-ca"));

    private final Map<String, Command> commands;
    private final ClientOptions options;

    public Cli(Map<String, Command> commands, ClientOptions options) {
        this.commands = Map.copyOf(commands);
        this.options = options;
    }

    /** The commands registered with ServiceLoader. */
    public static Map<String, Command> loadCommands() {
        Map<String, Command> found = new TreeMap<>();
        for (Command c : ServiceLoader.load(Command.class, Cli.class.getClassLoader())) {
            found.put(c.name(), c);
        }
        return found;
    }

    public static void main(String[] argv) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int status = new Cli(loadCommands(), ClientOptions.defaults()).run(argv, out, err);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /** Runs one command line; returns the exit status. */
    public int run(String[] argv, PrintStream out, PrintStream err) {
        try {
            Parsed parsed = parse(Arrays.asList(argv));
            try (CommandContext ctx = new CommandContext(parsed.globals, parsed.args, out, parsed.options)) {
                parsed.command.run(ctx);
            }
            return 0;
        } catch (CliException e) {
            return fail(err, e.code(), e.getMessage());
        } catch (GridcastClientException e) {
            return fail(err, e.code(), e.getMessage());
        } catch (Exception e) {
            return fail(err, "INTERNAL", String.valueOf(e));
        }
    }

    private static int fail(PrintStream err, String code, String message) {
        err.println(Json.object().put("error", code).put("message", message == null ? "" : message));
        err.flush();
        return CliException.BAD_ARGS.equals(code) ? EXIT_BAD_ARGS : EXIT_FAILED;
    }

    private record Parsed(CommandContext.Globals globals, Command command, Args args, ClientOptions options) {
    }

    /**
     * Global options may come before or after the command; after it, the command's own options win
     * (revoke has a {@code --device} of its own).
     */
    Parsed parse(List<String> argv) {
        Map<String, String> globals = new HashMap<>();
        Map<String, String> own = new LinkedHashMap<>();
        Command command = null;
        for (int i = 0; i < argv.size(); i++) {
            String word = argv.get(i);
            if (!word.startsWith("--")) {
                if (command != null) {
                    throw CliException.badArgs("unexpected argument " + word + "; usage: " + command.usage());
                }
                command = commands.get(word);
                if (command == null) {
                    throw CliException.badArgs("unknown command " + word + "; commands: " + String.join(", ", new TreeMap<>(commands).keySet()));
                }
                continue;
            }
            Option option = command == null ? null : find(command.options(), word);
            Map<String, String> target = own;
            if (option == null) {
                option = find(GLOBALS, word);
                target = globals;
            }
            if (option == null) {
                throw CliException.badArgs("unknown option " + word + (command == null ? "" : "; usage: " + command.usage()));
            }
            if (target.containsKey(word)) {
                throw CliException.badArgs("option " + word + " given twice");
            }
            if (option.hasValue()) {
                if (i + 1 >= argv.size()) {
                    throw CliException.badArgs("option " + word + " needs a value");
                }
                target.put(word, argv.get(++i));
            } else {
                target.put(word, "");
            }
        }
        if (command == null) {
            throw CliException.badArgs("no command; commands: " + String.join(", ", new TreeMap<>(commands).keySet()));
        }
        String server = globals.get("--server");
        if (server == null) {
            throw CliException.badArgs("missing --server HOST:PORT");
        }
        int colon = server.lastIndexOf(':');
        int port;
        try {
            port = colon > 0 ? Integer.parseInt(server.substring(colon + 1)) : -1;
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port <= 0 || port > 65535) {
            throw CliException.badArgs("--server must be HOST:PORT: " + server);
        }
        String token = globals.get("--token");
        if (command.needsToken() && (token == null || token.isEmpty())) {
            throw CliException.badArgs("missing --token");
        }
        String host = server.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        var g = new CommandContext.Globals(host, port, token == null ? "" : token,
                globals.getOrDefault("--device", DEFAULT_DEVICE), globals.get("--cursors"));
        return new Parsed(g, command, new Args(own), withTls(globals));
    }

    /** {@code --tls-ca FILE} implies {@code --tls}: a CA file only means something with TLS. */
    private ClientOptions withTls(Map<String, String> globals) {
        String ca = globals.get("--tls-ca");
        if (!globals.containsKey("--tls") && ca == null) {
            return options;
        }
        if (ca != null && !Files.isReadable(Path.of(ca))) {
            throw CliException.badArgs("cannot read --tls-ca " + ca);
        }
        return options.toBuilder().tls(true).tlsCaFile(ca == null ? null : Path.of(ca)).build();
    }

    private static Option find(List<Option> options, String name) {
        for (Option o : options) {
            if (o.name().equals(name)) {
                return o;
            }
        }
        return null;
    }
}
