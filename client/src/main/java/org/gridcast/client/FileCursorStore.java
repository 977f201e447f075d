package org.gridcast.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Cursors in a small text file, one {@code channel seq} per line, so a CLI or an app keeps them
 * across restarts. Updates stay in memory until {@link #flush()}, which rewrites the file through a
 * temporary file and a rename: a crash leaves either the old or the new file, never half of one.
 * Losing the last flush only means fetching a few notices again (deduplicated by seq).
 */
public final class FileCursorStore extends InMemoryCursorStore {

    private final Path file;
    private volatile boolean dirty;

    private FileCursorStore(Path file) {
        this.file = file;
    }

    /** Opens (or starts) the file; unreadable lines are skipped. */
    public static FileCursorStore open(Path file) throws IOException {
        FileCursorStore store = new FileCursorStore(file);
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.trim().split(" ");
                if (parts.length != 2) {
                    continue;
                }
                try {
                    store.load(parts[0], Long.parseLong(parts[1]));
                } catch (NumberFormatException ignored) {
                    // a hand-edited or truncated line: that channel syncs from the read cursor
                }
            }
        }
        return store;
    }

    private void load(String channel, long seq) {
        super.advance(channel, seq);
    }

    @Override
    public void advance(String channel, long seq) {
        super.advance(channel, seq);
        dirty = true;
    }

    @Override
    public synchronized void flush() {
        if (!dirty) {
            return;
        }
        dirty = false;
        List<String> lines = new ArrayList<>();
        new TreeMap<>(snapshot()).forEach((channel, seq) -> lines.add(channel + " " + seq));
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            dirty = true;
            throw new UncheckedIOException("cannot write cursors to " + file, e);
        }
    }

    public Path file() {
        return file;
    }
}
