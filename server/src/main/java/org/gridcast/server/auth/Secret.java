package org.gridcast.server.auth;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/** The server's token key: {@link #LENGTH} random bytes in a file only the owner can read. */
public final class Secret {
    /** 256 bits, the HMAC-SHA256 block-strength key size. */
    public static final int LENGTH = 32;

    private Secret() {
    }

    /**
     * Reads the secret, creating it on first start. The new file is written under a temporary
     * name with mode 600 and renamed, so a crash never leaves a half-written or readable key.
     */
    public static byte[] loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            return read(file);
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        byte[] secret = new byte[LENGTH];
        new SecureRandom().nextBytes(secret);
        Path tmp = Files.createTempFile(dir, ".secret", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, secret);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException raced) {
            Files.deleteIfExists(tmp);
            return read(file);
        }
        return secret;
    }

    private static byte[] read(Path file) throws IOException {
        byte[] secret = Files.readAllBytes(file);
        if (secret.length < LENGTH) {
            throw new IOException("secret file " + file + " holds " + secret.length + " bytes; need " + LENGTH);
        }
        return secret;
    }
}
