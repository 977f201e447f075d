package org.gridcast.server.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.gridcast.seeds.Role;
import org.gridcast.server.auth.BearerAuth;
import org.gridcast.server.auth.Revocations;
import org.gridcast.server.auth.TokenService;
import org.gridcast.server.redis.RedisConnector;
import org.gridcast.server.redis.RedisLink;
import org.gridcast.server.session.MemberIdentity;
import org.gridcast.server.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bytes an upload may send before it is accepted. Reading pauses while the token and rate
 * are checked; what the last socket read already decoded waits in memory, up to
 * {@link MediaUploads#MAX_EARLY_BYTES}. On an EmbeddedChannel the checks' answer waits in the
 * channel's task queue until the test runs it, so the test can push more than one read's worth.
 */
class MediaUploadsTest {
    private RedisConnector connector;
    private RedisLink<String, byte[]> bytes;
    private RedisLink<String, String> strings;

    @BeforeEach
    void connect() {
        TestRedis.flushAll();
        connector = new RedisConnector(TestRedis.uri());
        bytes = connector.connect();
        strings = connector.connectStrings();
    }

    @AfterEach
    void close() {
        strings.close();
        bytes.close();
        connector.close();
    }

    @Test
    void moreThanTheEarlyBoundBeforeTheChecksAnswerIsRefusedAndClosed(@TempDir Path dir) throws Exception {
        TokenService tokens = new TokenService(new byte[32], Clock.systemUTC());
        BearerAuth auth = new BearerAuth(tokens, new Revocations(bytes, Clock.systemUTC()),
                member -> CompletableFuture.completedFuture(Optional.of(new MemberIdentity(member, "mg1", Role.RESIDENT, "A"))));
        MediaFiles files = MediaFiles.open(dir, 100_000_000);
        Media media = new Media(auth, new MediaLedger(strings.async()), files, EventViewers.NOBODY, MediaLimits.DEFAULTS,
                new SimpleMeterRegistry(), Clock.systemUTC());
        EmbeddedChannel ch = new EmbeddedChannel(new MediaUploads(media));

        HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/media");
        req.headers().set(HttpHeaderNames.CONTENT_LENGTH, 1_000_000);
        req.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + tokens.issue("alice", ""));
        ch.writeInbound(req);
        byte[] chunk = new byte[16 * 1024];
        chunk[0] = (byte) 0xFF;
        int sent = 0;
        while (sent + chunk.length <= MediaUploads.MAX_EARLY_BYTES) {
            ch.writeOneInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk)));
            sent += chunk.length;
        }
        assertThat((Object) ch.readOutbound()).as("within the bound: still waiting").isNull();
        assertThat(ch.isOpen()).isTrue();

        ch.writeOneInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk)));
        FullHttpResponse res = ch.readOutbound();
        assertThat(res.status().code()).isEqualTo(413);
        assertThat(res.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
        res.release();
        ch.runPendingTasks();
        assertThat(ch.isOpen()).as("reading the rest of the body, so the close is no reset").isTrue();
        ch.writeOneInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk)));
        ch.writeOneInbound(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(ch.isOpen()).as("closed at the end of the body").isFalse();
        assertThat(files.used()).as("nothing reserved").isZero();
        try (Stream<Path> tmp = Files.list(dir.resolve("tmp"))) {
            assertThat(tmp).isEmpty();
        }
        ch.finishAndReleaseAll();
    }
}
