package org.gridcast.client.cli;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.gridcast.client.GridcastClientException;
import org.gridcast.client.NoticeListener;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.Notice;

/**
 * {@code listen [--count N] [--timeout SECONDS]}: syncs, then prints one line per notice this device
 * receives (backlog first, then live) until N lines or the timeout. Reaching the timeout is a normal
 * end (exit 0); a kick or a lost connection is an error.
 */
public final class ListenCommand implements Command {

    @Override
    public String name() {
        return "listen";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.value("--count"), Option.value("--timeout"));
    }

    @Override
    public String usage() {
        return "listen [--count N] [--timeout SECONDS]";
    }

    @Override
    public void run(CommandContext ctx) throws InterruptedException {
        long count = ctx.args().getLong("--count", 0);
        long timeoutSeconds = ctx.args().getLong("--timeout", 0);
        CompletableFuture<Void> done = new CompletableFuture<>();
        Printer printer = new Printer(ctx, count, done);
        if (count > 0 || !ctx.args().has("--count")) {
            ctx.connect(printer, true);
        } else {
            return; // --count 0: nothing to wait for
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
            throw (RuntimeException) e.getCause();
        }
    }

    /** Prints notices on the client's event thread; stops exactly at the count. */
    private static final class Printer implements NoticeListener {
        private final CommandContext ctx;
        private final long count;
        private final CompletableFuture<Void> done;
        private long printed;
        private volatile boolean stopped;

        Printer(CommandContext ctx, long count, CompletableFuture<Void> done) {
            this.ctx = ctx;
            this.count = count;
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
            printed++;
            if (count > 0 && printed >= count) {
                done.complete(null);
            }
        }

        @Override
        public void onKicked(ErrorCode reason, String message) {
            done.completeExceptionally(new GridcastClientException(reason.name(), message));
        }

        @Override
        public void onDisconnected(String reason) {
            done.completeExceptionally(new GridcastClientException(GridcastClientException.CONNECTION_CLOSED, reason));
        }
    }
}
