package org.gridcast.server.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of a command-line program in its own process: exit code and stdout/stderr lines
 * (UTF-8). Output goes to files so a chatty process never blocks on a full pipe.
 */
record CommandRun(int exitCode, List<String> out, List<String> err) {
    /** Bound on one CLI command: JVM start, login, a request. */
    static final Duration LIMIT = Duration.ofSeconds(60);

    static CommandRun run(Path workDir, List<String> command) throws IOException, InterruptedException {
        return start(workDir, command).await();
    }

    static Running start(Path workDir, List<String> command) throws IOException {
        Files.createDirectories(workDir);
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("LANG", "C.UTF-8");
        return new Running(pb.start(), out, err, command);
    }

    /** A command still running (e.g. {@code listen} waiting for a notice). */
    record Running(Process process, Path out, Path err, List<String> command) {
        CommandRun await() throws IOException, InterruptedException {
            if (!process.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("still running after " + LIMIT + ": " + command
                        + "\nstdout: " + read(out) + "\nstderr: " + read(err));
            }
            return new CommandRun(process.exitValue(), read(out), read(err));
        }
    }

    private static List<String> read(Path file) throws IOException {
        return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    }
}
