package org.gridcast.client.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.gridcast.client.CursorStore;
import org.gridcast.client.FileCursorStore;
import org.gridcast.client.GridcastClientException;
import org.gridcast.client.InMemoryCursorStore;
import org.gridcast.client.NoticeListener;
import org.gridcast.protocol.Notice;

/**
 * {@code listen [--count N] [--timeout SECONDS] [--state FILE]}: syncs, then prints one line per
 * notice this device receives (backlog first, then live) until N lines or the timeout. Like a
 * phone it rides through a lost connection or a server restart: the client reconnects with its
 * backoff and syncs from its cursors, so nothing is printed twice or skipped. It ends with exit 0
 * at the count or the timeout, and with exit 1 and an error line only when the client gives up
 * for good (kicked REPLACED or REVOKED, or a reconnect's login refused).
 */
public final class ListenCommand implements Command {

    /** Error code when the state file cannot be written: going on would print notices twice next run. */
    static final String STATE_FAILED = "STATE_FAILED";

    @Override
    public String name() {
        return "listen";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.value("--count").describe("stop after printing N notices"),
                Option.value("--timeout").describe("stop after SECONDS (exit 0); default: run until stopped"),
                Option.value("--state").describe("file of the notices printed so far (per channel, the highest seq),"
                        + " written after each line; a later run prints only what this one did not"));
    }

    @Override
    public String usage() {
        return "listen [--count N] [--timeout SECONDS] [--state FILE]";
    }

    @Override
    public String description() {
        return "Print this device's notices as JSON lines, riding through lost connections and server restarts.";
    }

    @Override
    public void run(CommandContext ctx) throws InterruptedException {
        long count = ctx.args().getLong("--count", 0);
        long timeoutSeconds = ctx.args().getLong("--timeout", 0);
        if (ctx.args().has("--state") && ctx.globals().cursorsFile() != null) {
            throw CliException.badArgs("give --state or --cursors, not both; usage: " + usage());
        }
        FileCursorStore state = ctx.args().has("--state") ? openState(ctx.args().require("--state")) : null;
        if (ctx.args().has("--count") && count == 0) {
            return; // --count 0: nothing to wait for
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        Printer printer = new Printer(ctx, count, state, done);
        if (state == null) {
            ctx.connect(printer, cursorsOf(ctx), true, true);
        } else {
            // The client starts from the printed cursors; they are the state file's to keep, so
            // what the client fetched but this run did not print (after the count) stays unprinted.
            InMemoryCursorStore cursors = new InMemoryCursorStore();
            state.snapshot().forEach(cursors::advance);
            ctx.connect(printer, cursors, true, true);
        }
        try {
            if (timeoutSeconds > 0) {
                done.get(timeoutSeconds, TimeUnit.SECONDS);
            } else {
                done.get();
            }
        } catch (TimeoutException e) {
            printer.stop();
        } catch (ExecutionException e) {
            printer.stop();
            throw (RuntimeException) e.getCause();
        }
    }

    private static FileCursorStore openState(String file) {
        try {
            return FileCursorStore.open(Path.of(file));
        } catch (IOException | RuntimeException e) {
            throw CliException.badArgs("cannot read --state " + file + ": " + e.getMessage());
        }
    }

    private static CursorStore cursorsOf(CommandContext ctx) {
        if (ctx.globals().cursorsFile() == null) {
            return new InMemoryCursorStore();
        }
        try {
            return FileCursorStore.open(Path.of(ctx.globals().cursorsFile()));
        } catch (IOException e) {
            throw CliException.badArgs("cannot read --cursors " + ctx.globals().cursorsFile() + ": " + e.getMessage());
        }
    }

    /**
     * Prints notices on the client's event thread; stops exactly at the count. With a state file,
     * each printed line is recorded before the next one is printed (a SIGKILL between printing a
     * line and recording it prints that one line again next run: never a loss).
     */
    private static final class Printer implements NoticeListener {
        private final CommandContext ctx;
        private final long count;
        private final FileCursorStore state;
        private final CompletableFuture<Void> done;
        private long printed;
        private volatile boolean stopped;

        Printer(CommandContext ctx, long count, FileCursorStore state, CompletableFuture<Void> done) {
            this.ctx = ctx;
            this.count = count;
            this.state = state;
            this.done = done;
        }

        void stop() {
            stopped = true;
        }

        @Override
        public void onNotice(Notice n, boolean backlog) {
            if (stopped || done.isDone()) {
                return;
            }
            ctx.print(Json.object().put("channel", n.getChannel()).put("seq", n.getSeq()).put("unit", n.getUnit())
                    .put("title", n.getBody().getTitle()).put("text", n.getBody().getText())
                    .put("needsConfirm", n.getBody().getNeedsConfirm()));
            if (state != null) {
                try {
                    state.advance(n.getChannel(), n.getSeq());
                    state.flush();
                } catch (UncheckedIOException e) {
                    done.completeExceptionally(new CliException(STATE_FAILED, e.getMessage() + ": " + e.getCause()));
                    return;
                }
            }
            printed++;
            if (count > 0 && printed >= count) {
                done.complete(null);
            }
        }

        @Override
        public void onGaveUp(String code, String message) {
            done.completeExceptionally(new GridcastClientException(code, message));
        }
    }
}
