package org.gridcast.server.media;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The photos on this node's disk: {@code DIR/ab/<sha256>} (ab = the id's first two hex digits,
 * so no directory holds more than a 256th of them), uploads in progress in {@code DIR/tmp}.
 * Directories are 0700 and files 0600: the bytes are residents' photos, readable only through
 * the permission checks of {@code GET /media}. Also keeps the node's disk budget: bytes stored
 * plus bytes reserved by uploads in progress never pass {@code budget}.
 */
public final class MediaFiles {
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    private final Path root;
    private final Path tmp;
    private final long budget;
    private final AtomicLong used = new AtomicLong();

    private MediaFiles(Path root, long budget) {
        this.root = root;
        this.tmp = root.resolve("tmp");
        this.budget = budget;
    }

    /** Creates the layout, removes uploads a previous run left half done, and sums what is stored. */
    public static MediaFiles open(Path root, long budget) throws IOException {
        MediaFiles f = new MediaFiles(root, budget);
        mkdir(root);
        mkdir(f.tmp);
        try (DirectoryStream<Path> left = Files.newDirectoryStream(f.tmp)) {
            for (Path p : left) {
                Files.deleteIfExists(p);
            }
        }
        try (Stream<Path> all = Files.walk(root, 2)) {
            f.used.set(all.filter(p -> !p.startsWith(f.tmp) && Files.isRegularFile(p))
                    .mapToLong(MediaFiles::sizeOf).sum());
        }
        return f;
    }

    public Path root() {
        return root;
    }

    /** Bytes stored and reserved. */
    public long used() {
        return used.get();
    }

    public long budget() {
        return budget;
    }

    /** Reserves {@code bytes} of the budget for an upload; false when they do not fit. */
    public boolean reserve(long bytes) {
        while (true) {
            long now = used.get();
            if (now + bytes > budget) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** Gives back a reservation (an upload that failed, or the part of it not used). */
    public void release(long bytes) {
        used.addAndGet(-bytes);
    }

    /** A new, empty, owner-only file for an upload in progress. */
    public Path newUpload() throws IOException {
        Path p = tmp.resolve(UUID.randomUUID() + ".part");
        Files.createFile(p, PosixFilePermissions.asFileAttribute(FILE_MODE));
        return p;
    }

    public Path pathOf(String id) {
        if (!MediaId.isValid(id)) {
            throw new IllegalArgumentException("not a media id");
        }
        return root.resolve(id.substring(0, 2)).resolve(id);
    }

    /**
     * Moves a finished upload to its place. Returns false when those bytes were stored already
     * (the upload is deleted and its reservation is the caller's to release).
     */
    public boolean commit(Path upload, String id) throws IOException {
        Path target = pathOf(id);
        mkdir(target.getParent());
        if (Files.exists(target)) {
            Files.deleteIfExists(upload);
            return false;
        }
        try {
            Files.move(upload, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.deleteIfExists(upload);
            if (!Files.exists(target)) {
                throw e;
            }
            return false;
        }
        return true;
    }

    private static void mkdir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
        }
        Files.setPosixFilePermissions(dir, DIR_MODE);
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
