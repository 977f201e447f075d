package org.gridcast.client.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.gridcast.client.ClientOptions;
import org.gridcast.client.GridcastClientException;

/**
 * The command-line client:
 * {@code java -jar gridcast-cli.jar --server HOST:PORT --token T [--device D] [--tls [--tls-ca PEM]] COMMAND [options]}.
 * Prints JSON lines on stdout; on failure exactly one {@code {"error","message"}} line on stderr and
 * a non-zero exit ({@link #EXIT_FAILED}, {@link #EXIT_BAD_ARGS}). {@code --help}, on its own or after
 * a command, prints the usage as text on stdout and exits 0.
 */
public final class Cli {

    /** Exit status of a command that did its job, and of {@code --help}. */
    public static final int EXIT_OK = 0;
    /** Exit status for a failure reported by the server or the network, or a kick. */
    public static final int EXIT_FAILED = 1;
    /** Exit status for wrong arguments. */
    public static final int EXIT_BAD_ARGS = 2;

    /** Tokens are bound to a device; the CLI's tokens are issued for this one unless told otherwise. */
    public static final String DEFAULT_DEVICE = GlobalOptions.DEFAULT_DEVICE;

    private final CliParser parser;
    private final ClientOptions options;

    public Cli(Map<String, Command> commands, ClientOptions options) {
        this.parser = new CliParser(commands);
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
            CliParser.Parsed parsed = parser.parse(argv);
            if (parsed instanceof CliParser.Help help) {
                out.print(help.text());
                out.flush();
                return EXIT_OK;
            }
            CliParser.Run run = (CliParser.Run) parsed;
            try (CommandContext ctx = new CommandContext(run.globals(), run.args(), out, withTls(run.globals()))) {
                run.command().run(ctx);
            }
            return EXIT_OK;
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

    /** {@code --tls-ca FILE} implies {@code --tls}: a CA file only means something with TLS. */
    private ClientOptions withTls(CommandContext.Globals globals) {
        if (!globals.tls()) {
            return options;
        }
        String ca = globals.tlsCa();
        if (ca != null && !Files.isReadable(Path.of(ca))) {
            throw CliException.badArgs("cannot read --tls-ca " + ca);
        }
        return options.toBuilder().tls(true).tlsCaFile(ca == null ? null : Path.of(ca)).build();
    }
}
