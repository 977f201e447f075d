package org.gridcast.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.protocol.NoticePosted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default (issue 2, item 11): {@code serve --data-dir D} without {@code --redis}
 * runs a private redis-server with AOF in D, so stopping and starting the server keeps the
 * notices, the dedupe of client_msg_ids, the directory and the token secret.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class EmbeddedRedisIT {
    private static final String MICROGRID = "sq-suoqian-g1-m1";
    private static final String CHANNEL = "u:" + MICROGRID;
    private static final String WORKER = "sq-suoqian-g1-w";
    private static final String RESIDENT = MICROGRID + "-r1";

    @TempDir
    Path dir;

    @Test
    void noticesSurviveAStopAndStartOfTheServerOnItsPrivateRedis() throws Exception {
        Path data = dir.resolve("data");
        NoticeBody body = NoticeBody.newBuilder().setTitle("垃圾分类宣传").setText("周六上午在村文化礼堂").build();
        String residentToken;
        try (ServerProcess first = ServerProcess.fromClassPath(data, "--port", "0", "--http-port", "0")) {
            residentToken = first.token(RESIDENT, "phone");
            try (Receiver worker = Receiver.connect(WORKER, "desk", first.tcpPort(), first.token(WORKER, "desk"))) {
                NoticePosted posted = Receiver.join(worker.client.postToUnit(MICROGRID, body, "embedded-1"));
                assertThat(posted.getChannel()).isEqualTo(CHANNEL);
                assertThat(posted.getSeq()).isEqualTo(1);
                assertThat(posted.getDuplicate()).isFalse();
            }
        }
        assertThat(Files.isRegularFile(data.resolve("redis/appendonly.aof"))
                || Files.isDirectory(data.resolve("redis/appendonlydir"))).isTrue();

        try (ServerProcess second = ServerProcess.fromClassPath(data, "--port", "0", "--http-port", "0");
             Receiver resident = Receiver.connect(RESIDENT, "phone", second.tcpPort(), residentToken)) {
            assertThat(resident.client.session().getUnit()).isEqualTo(MICROGRID);
            assertThat(Receiver.await(() -> resident.notices.size() == 1 && resident.syncPasses() > 0)).isTrue();
            Notice n = resident.notices.get(0);
            assertThat(n.getChannel()).isEqualTo(CHANNEL);
            assertThat(n.getSeq()).isEqualTo(1);
            assertThat(n.getSender()).isEqualTo(WORKER);
            assertThat(n.getBody()).isEqualTo(body);
            assertThat(Receiver.join(resident.client.unread()).getTotal()).isEqualTo(1);

            try (Receiver worker = Receiver.connect(WORKER, "desk", second.tcpPort(), second.token(WORKER, "desk"))) {
                NoticePosted retry = Receiver.join(worker.client.postToUnit(MICROGRID, body, "embedded-1"));
                assertThat(retry.getSeq()).isEqualTo(1);
                assertThat(retry.getDuplicate()).isTrue();
            }
        }
    }
}
