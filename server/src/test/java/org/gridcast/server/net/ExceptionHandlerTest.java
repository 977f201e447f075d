package org.gridcast.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.PrematureChannelClosureException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.gridcast.server.metrics.GridcastMetrics;
import org.junit.jupiter.api.Test;

class ExceptionHandlerTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ExceptionHandler handler = new ExceptionHandler(new GridcastMetrics(registry));

    /**
     * Found by WebSocketFuzzTest (input closed-mid-fragmented-message): a first fragment, then a
     * protocol violation, logged a WARN with a stack trace per connection. slf4j-simple writes to
     * the System.err of the moment, so the test reads what the handler logged.
     */
    @Test
    void aConnectionClosedMidMessageIsRoutineNotAWarning() {
        EmbeddedChannel ch = new EmbeddedChannel(handler);
        PrintStream err = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        try {
            ch.pipeline().fireExceptionCaught(new PrematureChannelClosureException("Channel closed while still aggregating message"));
        } finally {
            System.setErr(err);
        }

        assertThat(logged.toString(StandardCharsets.UTF_8)).doesNotContain("WARN").doesNotContain("ERROR");
        assertThat(ch.isOpen()).isFalse();
        assertThat(registry.get("gridcast.exceptions").tag("class", "PrematureChannelClosureException").counter().count())
                .isEqualTo(1.0);
    }
}
