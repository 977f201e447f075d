package org.gridcast.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridcast.server.testing.TcpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} as the operator runs it, with its private redis-server. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MainIT {
    private static final Pattern READY = Pattern.compile(
            "\\{\"tcpPort\":(\\d+),\"httpPort\":(\\d+),\"adminPort\":(\\d+),\"node\":\"([^\"]+)\"}\\s*");

    @Test
    void serveStartsPrivateRedisWritesTheReadyFileAndAnswersHealthz(@TempDir Path dir) throws Exception {
        Path ready = dir.resolve("ready.json");
        String[] args = {"serve", "--data-dir", dir.toString(), "--port", "0", "--http-port", "0",
                "--ready-file", ready.toString(), "--node", "main-1", "--heartbeat", "15"};
        try (GridcastServer server = Main.startNode(Main.parse(args, Main.SERVE_OPTIONS))) {
            Matcher m = READY.matcher(Files.readString(ready));
            assertThat(m.matches()).isTrue();
            assertThat(Integer.parseInt(m.group(1))).isEqualTo(server.tcpPort());
            assertThat(Integer.parseInt(m.group(3))).isEqualTo(server.adminPort());
            assertThat(m.group(4)).isEqualTo("main-1");
            assertThat(Files.readString(dir.resolve("redis/uri")).strip()).isEqualTo(server.redisUri());
            int httpPort = Integer.parseInt(m.group(2));
            HttpClient http = HttpClient.newHttpClient();
            for (String path : new String[] {"/healthz", "/readyz"}) {
                HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(res.statusCode()).as(path).isEqualTo(200);
            }
            assertThat(Files.isRegularFile(dir.resolve("secret"))).isTrue();
            assertThat(Files.isRegularFile(dir.resolve("redis/appendonly.aof"))
                    || Files.isDirectory(dir.resolve("redis/appendonlydir"))).isTrue();
            try (TcpClient c = new TcpClient(server.tcpPort())) {
                // No directory entry for the member: the default resolver refuses it.
                String token = server.runtime().tokens().issue("nobody", "d");
                assertThat(c.login(token, "d").getError().getCode()).isEqualTo(org.gridcast.protocol.ErrorCode.UNAUTHENTICATED);
            }
        }
    }
}
