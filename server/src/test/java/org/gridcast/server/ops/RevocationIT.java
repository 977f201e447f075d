package org.gridcast.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.gridcast.client.GridcastClientException;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.server.GridcastServer;
import org.gridcast.server.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Revoke through the protocol (issue 2: "An operator can revoke a member or device: their live
 * sessions close within 5 s"), with sessions on two nodes so the kick crosses the control channel.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RevocationIT {
    /** The bound the issue sets on closing a revoked member's live sessions. */
    private static final Duration KICK_WITHIN = Duration.ofSeconds(5);
    private static final String OPERATOR = "operator";
    private static final String X = "t1-c1-g1-m1-r1";
    private static final String Y = "t1-c1-g1-m1-r2";
    private static final String WORKER = "t1-c1-g1-w";

    private GridcastServer a;
    private GridcastServer b;

    @BeforeEach
    void start() throws Exception {
        TestRedis.flushAll();
        Path secret = Files.createTempDirectory("gridcast-ops-secret").resolve("secret");
        a = OpsNode.start(secret, "rev-a");
        b = OpsNode.start(secret, "rev-b");
    }

    @AfterEach
    void stop() {
        b.close();
        a.close();
    }

    @Test
    void revokingAMemberClosesItsSessionsOnEveryNodeAndRefusesItsTokens() throws Exception {
        String phoneToken = a.runtime().tokens().issue(X, "phone");
        try (Receiver operator = OpsNode.connect(a, OPERATOR, "console");
             Receiver phone = Receiver.connect(X, "phone", a.tcpPort(), phoneToken);
             Receiver tablet = OpsNode.connect(b, X, "tablet");
             Receiver bystander = OpsNode.connect(b, Y, "phone")) {
            Receiver.join(operator.client.revoke(X, ""));

            for (Receiver r : new Receiver[] {phone, tablet}) {
                assertThat(Receiver.await(() -> r.kicked.isDone(), KICK_WITHIN)).as(r.device).isTrue();
                assertThat(r.kicked.join()).isEqualTo(ErrorCode.REVOKED);
                assertThat(Receiver.await(() -> !r.client.isConnected(), KICK_WITHIN)).isTrue();
            }
            assertThat(Receiver.await(() -> a.runtime().sessions().byDevice(X, "phone").isEmpty()
                    && b.runtime().sessions().byDevice(X, "tablet").isEmpty())).isTrue();
            assertThat(bystander.client.isConnected()).isTrue();
            assertThat(bystander.kicked).isNotDone();

            try (Receiver again = Receiver.unconnected(X, "phone", b.tcpPort(), phoneToken)) {
                assertThatThrownBy(again::login).isInstanceOfSatisfying(GridcastClientException.class,
                        e -> assertThat(e.code()).isEqualTo("REVOKED"));
            }
            // Re-admission is a new token: one issued after the revocation time works.
            Thread.sleep(5);
            try (Receiver readmitted = OpsNode.connect(b, X, "phone")) {
                assertThat(readmitted.client.session().getMember()).isEqualTo(X);
            }
        }
    }

    @Test
    void revokingOneDeviceClosesOnlyThatDevice() throws Exception {
        String phoneToken = a.runtime().tokens().issue(Y, "phone");
        String tabletToken = a.runtime().tokens().issue(Y, "tablet");
        try (Receiver operator = OpsNode.connect(b, OPERATOR, "console");
             Receiver phone = Receiver.connect(Y, "phone", a.tcpPort(), phoneToken);
             Receiver tablet = Receiver.connect(Y, "tablet", a.tcpPort(), tabletToken)) {
            Receiver.join(operator.client.revoke(Y, "phone"));

            assertThat(Receiver.await(() -> phone.kicked.isDone(), KICK_WITHIN)).isTrue();
            assertThat(phone.kicked.join()).isEqualTo(ErrorCode.REVOKED);
            assertThat(Receiver.join(tablet.client.unread()).getTotal()).isZero();
            assertThat(tablet.client.isConnected()).isTrue();
            assertThat(tablet.kicked).isNotDone();

            try (Receiver again = Receiver.unconnected(Y, "phone", a.tcpPort(), phoneToken)) {
                assertThatThrownBy(again::login).isInstanceOfSatisfying(GridcastClientException.class,
                        e -> assertThat(e.code()).isEqualTo("REVOKED"));
            }
        }
        try (Receiver tabletAgain = Receiver.connect(Y, "tablet", b.tcpPort(), tabletToken)) {
            assertThat(tabletAgain.client.session().getMember()).isEqualTo(Y);
        }
    }

    @Test
    void nonOperatorRevokeIsForbiddenAndChangesNothing() {
        String token = a.runtime().tokens().issue(X, "phone");
        try (Receiver worker = OpsNode.connect(a, WORKER, "desk");
             Receiver target = Receiver.connect(X, "phone", b.tcpPort(), token);
             Receiver resident = OpsNode.connect(b, Y, "phone")) {
            for (Receiver caller : new Receiver[] {worker, resident}) {
                assertThatThrownBy(() -> Receiver.join(caller.client.revoke(X, "")))
                        .isInstanceOfSatisfying(GridcastClientException.class,
                                e -> assertThat(e.code()).isEqualTo("FORBIDDEN"));
            }
            assertThat(Receiver.join(target.client.unread()).getTotal()).isZero();
            assertThat(target.kicked).isNotDone();
            assertThat(target.client.isConnected()).isTrue();
        }
        try (Receiver again = Receiver.connect(X, "phone", a.tcpPort(), token)) {
            assertThat(again.client.session().getMember()).isEqualTo(X);
        }
    }
}
