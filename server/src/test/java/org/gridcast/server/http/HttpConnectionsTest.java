package org.gridcast.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** A connection is an HTTP connection exactly while {@link HttpConnections} is in its pipeline. */
class HttpConnectionsTest {
    private final HttpConnections connections = new HttpConnections(new SimpleMeterRegistry());

    @Test
    void aConnectionLeavesWhenItsHandlerIsRemovedByTheUpgrade() {
        EmbeddedChannel upgraded = new EmbeddedChannel();
        upgraded.pipeline().addLast(HttpConnections.NAME, connections);
        EmbeddedChannel plain = new EmbeddedChannel();
        plain.pipeline().addLast(HttpConnections.NAME, connections);
        assertThat(connections.size()).isEqualTo(2);

        upgraded.pipeline().remove(HttpConnections.NAME);
        assertThat(connections.size()).isEqualTo(1);
        assertThat(upgraded.closeFuture().isDone()).isFalse();

        plain.close();
        assertThat(connections.size()).as("a closed connection leaves too").isZero();
        upgraded.finishAndReleaseAll();
    }
}
