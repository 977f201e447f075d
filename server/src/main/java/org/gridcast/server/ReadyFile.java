package org.gridcast.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code {"tcpPort":N,"httpPort":N,"adminPort":N,"node":"..."}}, written to a temporary file and renamed so
 * a watcher never reads half a file.
 */
final class ReadyFile {
    private ReadyFile() {
    }

    static void write(Path file, int tcpPort, int httpPort, int adminPort, String node) throws IOException {
        String json = "{\"tcpPort\":" + tcpPort + ",\"httpPort\":" + httpPort + ",\"adminPort\":" + adminPort
                + ",\"node\":\"" + escape(node) + "\"}\n";
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".ready", ".tmp");
        Files.writeString(tmp, json, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
