package org.gridcast.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridcast.server.it.Town.*;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.gridcast.client.ClientOptions;
import org.gridcast.client.GridcastClient;
import org.gridcast.client.GridcastClientException;
import org.gridcast.protocol.ChannelState;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.InviteIssued;
import org.gridcast.protocol.InviteRedeemed;
import org.gridcast.protocol.LoginOk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Residents join with a one-time invite code from their community's staff. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InviteIT {
    private ItServer server;

    @BeforeEach
    void start() throws Exception {
        server = ItServer.start(SEEDS);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void inviteIsRedeemedOnceForATokenThatFollowsTheMicrogrid() throws Exception {
        try (Wire staff = server.raw(COMMUNITY_STAFF, "desk")) {
            staff.ok(Requests.toUnit(M1, "邀请前的通知"));
            long now = System.currentTimeMillis();
            InviteIssued invite = staff.ok(Requests.invite(M1, "王小明")).getInviteIssued();
            assertThat(invite.getCode()).isNotBlank();
            assertThat(invite.getExpiresAtMs()).isBetween(now + 71 * 3_600_000L, now + 73 * 3_600_000L);

            InviteRedeemed redeemed = redeem(invite.getCode(), "new-phone");
            assertThat(redeemed.getMember()).startsWith(M1 + "-n");
            assertThat(redeemed.getToken()).isNotBlank();

            Recorder recorder = new Recorder();
            try (GridcastClient phone = GridcastClient.builder().server("127.0.0.1", server.port())
                    .token(redeemed.getToken()).device("new-phone").listener(recorder).build()) {
                LoginOk ok = phone.connect().get(ItServer.WAIT_SECONDS, TimeUnit.SECONDS);
                assertThat(ok.getMember()).isEqualTo(redeemed.getMember());
                assertThat(ok.getUnit()).isEqualTo(M1);
                assertThat(ok.getRole()).isEqualTo("RESIDENT");
                assertThat(ok.getName()).isEqualTo("王小明");
                assertThat(ok.getUnreadTotal()).isZero();
                ChannelState m1 = ok.getChannelsList().stream().filter(c -> c.getChannel().equals(unit(M1)))
                        .findFirst().orElseThrow();
                assertThat(List.of(m1.getHead(), m1.getStart(), m1.getUnread())).containsExactly(1L, 1L, 0L);
                recorder.awaitSynced(1);

                staff.ok(Requests.toUnit(M1, "欢迎新居民"));
                assertThat(recorder.awaitNotices(1)).extracting(Recorder.Received::key).containsExactly(unit(M1) + "#2");
                assertThat(recorder.hasNoMoreWithin(300)).isTrue();
            }

            assertThat(redeemError(invite.getCode(), "another-phone")).isEqualTo(ErrorCode.INVALID_INVITE.name());
            assertThat(redeemError("NO-SUCH-CODE", "another-phone")).isEqualTo(ErrorCode.INVALID_INVITE.name());
        }
        // the token is bound to the device it was redeemed for
        try (Wire other = new Wire(server.port())) {
            assertThat(other.error(org.gridcast.protocol.Envelope.newBuilder().setLogin(org.gridcast.protocol.Login
                    .newBuilder().setToken(server.token("x", "y")).setDevice("z")))).isEqualTo(ErrorCode.UNAUTHENTICATED);
        }
    }

    @Test
    void residentsAndStaffOutsideTheCommunityCannotIssueInvites() throws Exception {
        try (Wire resident = server.raw(resident(M1, 1), "phone"); Wire worker = server.raw(G2_WORKER, "desk");
             Wire leader = server.raw(M1_LEADER, "phone")) {
            assertThat(resident.error(Requests.invite(M1, "李四"))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(worker.error(Requests.invite(M1, "李四"))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(leader.error(Requests.invite(M2, "李四"))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(worker.error(Requests.invite("t1-c1-g9-m1", "李四"))).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(leader.ok(Requests.invite(M1, "李四")).getInviteIssued().getCode()).isNotBlank();
        }
    }

    /** A redeem refused for a missing name leaves the code usable: the name is checked first. */
    @Test
    void redeemWithoutANameDoesNotBurnAnUnnamedInvite() throws Exception {
        try (Wire staff = server.raw(COMMUNITY_STAFF, "desk")) {
            String code = staff.ok(Requests.invite(M1, "")).getInviteIssued().getCode();
            assertThat(redeemError(code, "phone")).isEqualTo(ErrorCode.BAD_REQUEST.name());
            InviteRedeemed redeemed = GridcastClient.redeemInvite("127.0.0.1", server.port(), code, "phone", "赵六",
                    ClientOptions.defaults()).get(ItServer.WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(redeemed.getMember()).startsWith(M1 + "-n");
        }
    }

    private InviteRedeemed redeem(String code, String device) throws Exception {
        return GridcastClient.redeemInvite("127.0.0.1", server.port(), code, device, "", ClientOptions.defaults())
                .get(ItServer.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private String redeemError(String code, String device) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> redeem(code, device)).isInstanceOf(ExecutionException.class)
                .satisfies(e -> caught[0] = e.getCause());
        assertThat(caught[0]).isInstanceOf(GridcastClientException.class);
        return ((GridcastClientException) caught[0]).code();
    }
}
