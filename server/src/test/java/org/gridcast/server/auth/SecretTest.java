package org.gridcast.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretTest {
    @Test
    void createsAnOwnerOnlySecretOnceAndReadsItBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/secret");

        byte[] first = Secret.loadOrCreate(file);
        byte[] again = Secret.loadOrCreate(file);

        assertThat(first).hasSize(32).isEqualTo(again);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readAllBytes(file)).isEqualTo(first);
    }
}
