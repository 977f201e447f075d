package org.gridcast.client.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.gridcast.client.ClientOptions;
import org.gridcast.client.CursorStore;
import org.gridcast.client.FileCursorStore;
import org.gridcast.client.GridcastClient;
import org.gridcast.client.GridcastClientException;
import org.gridcast.client.InMemoryCursorStore;
import org.gridcast.client.NoticeListener;

/** What a command gets: the global settings, its own options, the output, and connections. */
public final class CommandContext implements AutoCloseable {

    /**
     * Extra wait on top of the client's request timeout before the CLI gives up on a future itself;
     * the client's own timeout normally fires first and names the request.
     */
    private static final long AWAIT_MARGIN_MILLIS = 2_000;

    private final Globals globals;
    private final Args args;
    private final PrintStream out;
    private final ClientOptions baseOptions;
    private final List<GridcastClient> clients = new ArrayList<>();

    CommandContext(Globals globals, Args args, PrintStream out, ClientOptions baseOptions) {
        this.globals = globals;
        this.args = args;
        this.out = out;
        this.baseOptions = baseOptions;
    }

    public Args args() {
        return args;
    }

    public Globals globals() {
        return globals;
    }

    public ClientOptions options() {
        return baseOptions;
    }

    /** Prints one JSON line. */
    public void print(Json line) {
        out.println(line);
        out.flush();
    }

    /** Prints one line that is not JSON (a CSV row). */
    public void printLine(String line) {
        out.println(line);
        out.flush();
    }

    /** Logs in for a one-shot request: no sync, no reconnect. */
    public GridcastClient connect() {
        return connect(new NoticeListener() { }, false);
    }

    /**
     * Logs in, waiting for the LoginOk. With {@code sync} the client fetches what the device missed
     * (cursors from {@code --cursors FILE} when given) and delivers pushes to the listener.
     */
    public GridcastClient connect(NoticeListener listener, boolean sync) {
        CursorStore cursors = new InMemoryCursorStore();
        if (sync && globals.cursorsFile() != null) {
            try {
                cursors = FileCursorStore.open(Path.of(globals.cursorsFile()));
            } catch (IOException e) {
                throw CliException.badArgs("cannot read --cursors " + globals.cursorsFile() + ": " + e.getMessage());
            }
        }
        return connect(listener, cursors, sync, false);
    }

    /**
     * Logs in with the given cursors, waiting for the LoginOk; a failed first login is not retried.
     * With {@code reconnect}, a connection lost later is re-established with the library's backoff
     * and re-synced from the cursors (a server restart is ridden through).
     */
    public GridcastClient connect(NoticeListener listener, CursorStore cursors, boolean sync, boolean reconnect) {
        GridcastClient client;
        try {
            client = GridcastClient.builder()
                    .server(globals.host(), globals.port())
                    .token(globals.token())
                    .device(globals.device())
                    .options(baseOptions.toBuilder().syncOnLogin(sync).autoReconnect(reconnect).build())
                    .cursorStore(cursors)
                    .listener(listener)
                    .build();
        } catch (IllegalArgumentException e) {
            throw CliException.badArgs(e.getMessage()); // e.g. a --tls-ca file that holds no certificate
        }
        clients.add(client);
        await(client.connect());
        return client;
    }

    /** Waits for a reply; failures come out as GridcastClientException (TIMEOUT when nothing came). */
    public <T> T await(CompletableFuture<T> future) {
        long millis = baseOptions.requestTimeout().toMillis() + baseOptions.connectTimeout().toMillis() + AWAIT_MARGIN_MILLIS;
        try {
            return future.get(millis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new GridcastClientException("INTERNAL", String.valueOf(cause), cause);
        } catch (TimeoutException e) {
            throw new GridcastClientException(GridcastClientException.TIMEOUT, "no reply within " + millis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GridcastClientException(GridcastClientException.TIMEOUT, "interrupted");
        }
    }

    @Override
    public void close() {
        clients.forEach(GridcastClient::close);
    }

    /**
     * Settings that come before the command.
     *
     * @param cursorsFile where {@code listen} keeps delivered cursors across runs; null: in memory
     * @param tls connect over TLS ({@code --tls}, or implied by {@code --tls-ca})
     * @param tlsCa PEM file of the only CAs to trust; null: the platform's
     */
    public record Globals(String host, int port, String token, String device, String cursorsFile, boolean tls,
            String tlsCa) {
    }
}
