package org.gridcast.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridcast.server.it.OldLayout.*;
import static org.gridcast.server.it.Upgrades.*;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.DirectoryPage;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.FetchResult;
import org.gridcast.protocol.GetDirectory;
import org.gridcast.protocol.InviteRedeemed;
import org.gridcast.protocol.LoginOk;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.ReceiptList;
import org.gridcast.protocol.Receipts;
import org.gridcast.protocol.RedeemInvite;
import org.gridcast.server.GridcastServer;
import org.gridcast.server.GridcastServices;
import org.gridcast.server.Main;
import org.gridcast.server.ServerConfig;
import org.gridcast.server.auth.Secret;
import org.gridcast.server.auth.TokenService;
import org.gridcast.server.redis.RedisConnector;
import org.gridcast.server.redis.RedisLink;
import org.gridcast.server.redis.RedisServerProcess;
import org.gridcast.server.upgrade.OldLayoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10's upgrade path: data the version before hash-tagged keys wrote ({@link OldLayout}),
 * {@code gridcast-server migrate-keys} run as the operator runs it ({@link Main#run}), then the
 * real server on the migrated Redis, checked over the real protocol. Each test has a
 * redis-server of its own (a node's private one in {@code D/redis}, or one reached by URL).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MigrateKeysIT {
    /** The summary of a full migration of {@link OldLayout}: 33 keys, 23 of them renamed. */
    static final String PLAN = "\"plan\":[{\"from\":\"dir:units\",\"to\":\"dir:{dir}:units\",\"keys\":1},"
            + "{\"from\":\"dir:seeded\",\"to\":\"dir:{dir}:seeded\",\"keys\":1},"
            + "{\"from\":\"dir:version\",\"to\":\"dir:{dir}:version\",\"keys\":1},"
            + "{\"from\":\"dir:audit\",\"to\":\"dir:{dir}:audit\",\"keys\":1},"
            + "{\"from\":\"dir:unit:<unit>\",\"to\":\"dir:{dir}:unit:<unit>\",\"keys\":4},"
            + "{\"from\":\"dir:members:<unit>\",\"to\":\"dir:{dir}:members:<unit>\",\"keys\":2},"
            + "{\"from\":\"dir:member:<member>\",\"to\":\"dir:{dir}:member:<member>\",\"keys\":4},"
            + "{\"from\":\"invite:<code>\",\"to\":\"dir:{dir}:invite:<code>\",\"keys\":1},"
            + "{\"from\":\"route:<unit>\",\"to\":\"route:{u:<unit>}\",\"keys\":2},"
            + "{\"from\":\"presence:<member>\",\"to\":\"presence:{i:<member>}\",\"keys\":1},"
            + "{\"from\":\"revoked:<member>\",\"to\":\"revoked:{i:<member>}\",\"keys\":1},"
            + "{\"from\":\"revoked:<member>:<device>\",\"to\":\"revoked:{i:<member>}:<device>\",\"keys\":1},"
            + "{\"from\":\"node:<node>:lease\",\"to\":\"node:{node:<node>}:lease\",\"keys\":1},"
            + "{\"from\":\"node:<node>:online\",\"to\":\"node:{node:<node>}:online\",\"keys\":1},"
            + "{\"from\":\"node:<node>:routes\",\"to\":\"node:{node:<node>}:routes\",\"keys\":1}]";

    /** For nodes started only to be running: a directory that imports in no time. */
    private static final String SMALL_SEEDS = "synthetic:20";

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private TokenService tokens;
    private String r2Token;
    private String r1OldPhoneToken;

    @AfterEach
    void closeAll() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    @Test
    void aMigratedDataFolderServesTheSameDirectoryNoticesBadgesRevocationsAndInvites() throws Exception {
        Path data = dir.resolve("data");
        RedisServerProcess before = RedisServerProcess.start(data.resolve("redis"));
        try (RedisConnector c = new RedisConnector(before.uri()); RedisLink<String, byte[]> link = c.connect()) {
            writeOldLayout(data.resolve("secret"), link);
        } finally {
            before.close();
        }

        Cli run = cli("migrate-keys", "--data-dir", data.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(summary(false, "embedded", 33, 23, 0, 0, false, "current"));

        GridcastServer server = GridcastServer.start(embeddedConfig(data), services(embeddedConfig(data)));
        open.add(server);
        try (Wire r1 = new Wire(server.tcpPort()); Wire staff = new Wire(server.tcpPort())) {
            LoginOk ok = login(r1, tokens.issue(R1, "phone"), "phone").getLoginOk();
            assertThat(List.of(ok.getRole(), ok.getUnit(), ok.getName())).containsExactly("RESIDENT", MICROGRID, "李大妈");
            assertThat(ok.getUnreadTotal()).isEqualTo(3);
            assertThat(ok.getChannelsList()).extracting(s -> s.getChannel() + " " + s.getHead() + "/" + s.getRead()
                            + "/" + s.getStart() + "/" + s.getUnread())
                    .containsExactlyInAnyOrder("u:" + TOWN + " 0/0/0/0", "u:" + COMMUNITY + " 3/1/0/2",
                            "u:" + GRID + " 0/0/0/0", "u:" + MICROGRID + " 0/0/0/0", "i:" + R1 + " 1/0/0/1");
            assertThat(r1.ok(Requests.unread()).getUnreadCounts().getTotal()).isEqualTo(3);
            FetchResult unit = r1.ok(Requests.fetch("u:" + COMMUNITY, 0, 10)).getFetchResult();
            assertThat(unit.getNoticesList()).extracting(Notice::getSeq).containsExactly(1L, 2L, 3L);
            assertThat(unit.getNoticesList()).extracting(n -> n.getBody().getTitle()).containsExactlyElementsOf(TITLES);
            FetchResult inbox = r1.ok(Requests.fetch("i:" + R1, 0, 10)).getFetchResult();
            assertThat(inbox.getNoticesList()).extracting(n -> n.getBody().getTitle() + " " + n.getOriginChannel()
                    + "#" + n.getOriginSeq()).containsExactly(DIRECT_TITLE + " o:" + STAFF + "#1");

            LoginOk staffOk = login(staff, tokens.issue(STAFF, "desk"), "desk").getLoginOk();
            assertThat(List.of(staffOk.getRole(), staffOk.getName())).containsExactly("COMMUNITY_STAFF", "王主任");
            Receipts confirmed = staff.ok(Requests.receipts("u:" + COMMUNITY, 1, ReceiptList.CONFIRMED, "", 100))
                    .getReceipts();
            assertThat(confirmed.getConfirmed()).isEqualTo(1);
            assertThat(confirmed.getListList()).containsExactly(R1);
            DirectoryPage page = staff.ok(Envelope.newBuilder().setGetDirectory(GetDirectory.newBuilder()
                    .setUnit(COMMUNITY).setMembers(true))).getDirectoryPage();
            assertThat(page.getUnitsList()).extracting(u -> u.getId()).containsExactlyInAnyOrder(COMMUNITY, GRID, MICROGRID);
            assertThat(page.getMembersList()).extracting(m -> m.getId()).containsExactlyInAnyOrder(STAFF, LEADER, R1, R2);
        }
        // the revocations moved with the keys: tokens issued before them stay refused
        try (Wire r2 = new Wire(server.tcpPort()); Wire oldPhone = new Wire(server.tcpPort())) {
            assertThat(login(r2, r2Token, "phone").getError().getCode()).isEqualTo(ErrorCode.REVOKED);
            assertThat(login(oldPhone, r1OldPhoneToken, "old-phone").getError().getCode()).isEqualTo(ErrorCode.REVOKED);
        }
        // the built-in seeds were not imported beside the old directory
        try (Wire seeded = new Wire(server.tcpPort())) {
            assertThat(login(seeded, tokens.issue("qs-hanghailu-s1", "desk"), "desk").getError().getCode())
                    .isEqualTo(ErrorCode.UNAUTHENTICATED);
        }
        try (Wire phone = new Wire(server.tcpPort())) {
            Envelope redeemed = phone.call(Envelope.newBuilder().setRedeemInvite(RedeemInvite.newBuilder()
                    .setCode(INVITE).setDevice("phone").setName("赵阿姨")));
            assertThat(redeemed.hasInviteRedeemed()).as("%s", redeemed).isTrue();
            InviteRedeemed invited = redeemed.getInviteRedeemed();
            try (Wire newcomer = new Wire(server.tcpPort())) {
                LoginOk in = login(newcomer, invited.getToken(), "phone").getLoginOk();
                assertThat(List.of(in.getMember(), in.getUnit(), in.getName()))
                        .containsExactly(invited.getMember(), MICROGRID, "赵阿姨");
            }
        }
        try (RedisConnector c = new RedisConnector(server.redisUri()); RedisLink<String, byte[]> link = c.connect()) {
            assertThat(text(link.sync().get("dir:{dir}:seeded"))).isEqualTo(SEEDED);
            assertThat(link.sync().scard("dir:{dir}:units")).isEqualTo(4);
        }
    }

    @Test
    void everyOldKeyMovesToItsNewNameWithItsValueAndTimeToLiveAndASecondRunDoesNothing() throws Exception {
        RedisLink<String, byte[]> redis = redis();
        OldLayout old = writeOldLayout(dir.resolve("secret"), redis);
        Map<String, String> before = snapshot(redis);
        assertThat(before).hasSize(old.keys());

        Cli first = migrate();
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo(summary(false, "redis", 33, 23, 0, 0, false, "current"));
        Map<String, String> after = snapshot(redis);
        assertThat(after).isEqualTo(migrated(old, before));
        RedisClusterCommands<String, byte[]> sync = redis.sync();
        assertThat(sync.pttl("dir:{dir}:invite:" + INVITE)).isBetween(INVITE_TTL.toMillis() - 60_000, INVITE_TTL.toMillis());
        assertThat(sync.pttl("node:{node:" + NODE + "}:lease")).isBetween(LEASE_TTL.toMillis() - 60_000, LEASE_TTL.toMillis());

        Cli second = migrate();
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).isEqualTo("{\"dryRun\":false,\"target\":\"redis\",\"scanned\":33,\"moved\":0,"
                + "\"leftoversRemoved\":0,\"conflicts\":0,\"gone\":0,\"unrecognised\":0,\"markersHeldBack\":false,"
                + "\"layout\":\"current\",\"plan\":[],\"conflictKeys\":[],\"unrecognisedKeys\":[]}");
        assertThat(snapshot(redis)).isEqualTo(after);
    }

    @Test
    void aDryRunPrintsThePlanAndChangesNothing() throws Exception {
        RedisLink<String, byte[]> redis = redis();
        writeOldLayout(dir.resolve("secret"), redis);
        Map<String, String> before = snapshot(redis);

        Cli dry = cli("migrate-keys", "--redis", uri(), "--dry-run");

        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.out()).isEqualTo(summary(true, "redis", 33, 23, 0, 0, false, "old"));
        assertThat(snapshot(redis)).isEqualTo(before);
    }

    @Test
    void serveRefusesAnOldLayoutAndWritesNothing() throws Exception {
        RedisLink<String, byte[]> redis = redis();
        writeOldLayout(dir.resolve("secret"), redis);
        Map<String, String> before = snapshot(redis);

        ServerConfig config = urlConfig();
        assertThatThrownBy(() -> GridcastServer.start(config, services(config)))
                .isInstanceOf(OldLayoutException.class)
                .hasMessageContaining("dir:seeded, dir:units, dir:version")
                .hasMessageContaining("gridcast-server migrate-keys");
        Cli serve = cli("serve", "--data-dir", dir.resolve("node").toString(), "--redis", uri(), "--port", "0",
                "--http-port", "0");
        assertThat(serve.code()).isEqualTo(1);
        assertThat(serve.err()).startsWith("gridcast-server: Redis holds keys of the layout before hash-tagged names")
                .contains("run 'gridcast-server migrate-keys'");
        assertThat(snapshot(redis)).isEqualTo(before);
    }

    @Test
    void aKeyUnderBothNamesIsAConflictThatKeepsBothAndHoldsTheDirectoryBack() throws Exception {
        RedisLink<String, byte[]> redis = redis();
        writeOldLayout(dir.resolve("secret"), redis);
        // what a node of this version started on the old data leaves: its own import
        redis.sync().hset("dir:{dir}:member:" + R1, Map.of("unit", b("qs-hanghailu-g1-m1"), "role", b("RESIDENT"),
                "name", b("种子居民"), "tag", b(""), "joined", b("0")));
        redis.sync().set("dir:{dir}:seeded", b("built-in units=150 members=12000"));
        Map<String, String> before = snapshot(redis);

        Cli run = migrate();

        assertThat(run.code()).isEqualTo(3);
        assertThat(run.err()).contains("1 old key(s) have a new name that holds another value; both kept");
        assertThat(run.out()).contains("\"moved\":19,\"leftoversRemoved\":0,\"conflicts\":1,",
                "\"markersHeldBack\":true,\"layout\":\"old\"",
                "\"conflictKeys\":[{\"from\":\"dir:member:" + R1 + "\",\"to\":\"dir:{dir}:member:" + R1 + "\"}]");
        Map<String, String> after = snapshot(redis);
        for (String kept : List.of("dir:member:" + R1, "dir:{dir}:member:" + R1, "dir:{dir}:seeded", "dir:seeded",
                "dir:units", "dir:version")) {
            assertThat(after.get(kept)).as(kept).isNotNull().isEqualTo(before.get(kept));
        }
        assertThat(after).doesNotContainKeys("dir:{dir}:units", "dir:{dir}:version");
        ServerConfig config = urlConfig();
        assertThatThrownBy(() -> GridcastServer.start(config, services(config))).isInstanceOf(OldLayoutException.class);
    }

    @Test
    void anInterruptedRunIsFinishedByTheNextAndServeWaitsForIt() throws Exception {
        RedisLink<String, byte[]> redis = redis();
        OldLayout old = writeOldLayout(dir.resolve("secret"), redis);
        Map<String, String> before = snapshot(redis);
        // a run that stopped part way: the presence and revocations renamed, the directory not yet,
        // and the audit stream left under both names (restored, not yet deleted: a cluster move's crash)
        RedisClusterCommands<String, byte[]> sync = redis.sync();
        int renamedByHand = 0;
        for (Map.Entry<String, String> e : old.renamed.entrySet()) {
            if (e.getKey().startsWith("presence:") || e.getKey().startsWith("revoked:")) {
                sync.rename(e.getKey(), e.getValue());
                renamedByHand++;
            }
        }
        sync.copy("dir:audit", "dir:{dir}:audit");
        ServerConfig config = urlConfig();
        assertThatThrownBy(() -> GridcastServer.start(config, services(config))).isInstanceOf(OldLayoutException.class);

        Cli resumed = migrate();

        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(renamedByHand).isEqualTo(3);
        assertThat(resumed.out()).contains("\"scanned\":34,\"moved\":19,\"leftoversRemoved\":1,\"conflicts\":0,",
                "\"layout\":\"current\"");
        assertThat(snapshot(redis)).isEqualTo(migrated(old, before));
        GridcastServer server = GridcastServer.start(config, services(config));
        open.add(server);
        try (Wire r1 = new Wire(server.tcpPort())) {
            assertThat(login(r1, tokens.issue(R1, "phone"), "phone").getLoginOk().getUnreadTotal()).isEqualTo(3);
        }
    }

    @Test
    void itRefusesToMigrateUnderARunningNode() throws Exception {
        RedisLink<String, byte[]> redis = redis();
        ServerConfig config = ServerConfig.builder(dir.resolve("node")).bindHost("127.0.0.1").port(0).httpPort(0)
                .redisUri(uri()).seeds(SMALL_SEEDS).build();
        GridcastServer server = GridcastServer.start(config, services(config));
        open.add(server);
        Map<String, String> before = snapshot(redis);

        Cli run = migrate();

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).startsWith("gridcast-server: 1 Gridcast node connection(s) listen on this Redis")
                .contains("stop every node");
        assertThat(run.out()).isEmpty();
        assertThat(snapshot(redis)).isEqualTo(before);
    }

    @Test
    void aDataFolderWhoseServeRunsOrThatHasNoRedisIsRefused() throws Exception {
        Cli typo = cli("migrate-keys", "--data-dir", dir.resolve("nowhere").toString());
        assertThat(typo.code()).isEqualTo(1);
        assertThat(typo.err()).contains("nowhere/redis does not exist");
        assertThat(Files.exists(dir.resolve("nowhere"))).isFalse();

        Path data = dir.resolve("data");
        ServerConfig config = ServerConfig.builder(data).bindHost("127.0.0.1").port(0).httpPort(0)
                .seeds(SMALL_SEEDS).build();
        GridcastServer server = GridcastServer.start(config, services(config));
        open.add(server);
        Cli running = cli("migrate-keys", "--data-dir", data.toString());
        assertThat(running.code()).isEqualTo(1);
        assertThat(running.err()).contains("the private Redis of this data folder is running");
        assertThat(server.isAccepting()).isTrue();
    }

    /** A redis-server of this test's own, reached by URL. */
    private RedisLink<String, byte[]> redis() throws IOException {
        RedisServerProcess process = RedisServerProcess.start(dir.resolve("redis"), 0, false);
        open.add(process);
        RedisConnector connector = new RedisConnector(process.uri());
        open.add(connector);
        RedisLink<String, byte[]> link = connector.connect();
        open.add(link);
        return link;
    }

    private String uri() throws IOException {
        return Files.readString(dir.resolve("redis").resolve(RedisServerProcess.URI_FILE)).strip();
    }

    private Cli migrate() throws IOException {
        return cli("migrate-keys", "--redis", uri());
    }

    /** Writes {@link OldLayout} with tokens of R2 and of R1's old phone issued before their revocation. */
    private OldLayout writeOldLayout(Path secret, RedisLink<String, byte[]> redis) throws Exception {
        tokens = new TokenService(Secret.loadOrCreate(secret), Clock.systemUTC());
        r2Token = tokens.issue(R2, "phone");
        r1OldPhoneToken = tokens.issue(R1, "old-phone");
        Thread.sleep(5); // revoked strictly after they were issued
        long revokedAt = System.currentTimeMillis();
        return OldLayout.write(redis, revokedAt, revokedAt);
    }

    private ServerConfig embeddedConfig(Path data) {
        return ServerConfig.builder(data).bindHost("127.0.0.1").port(0).httpPort(0).build();
    }

    private ServerConfig urlConfig() throws IOException {
        return ServerConfig.builder(dir.resolve("node")).bindHost("127.0.0.1").port(0).httpPort(0).redisUri(uri())
                .secretFile(dir.resolve("secret")).build();
    }

    private static org.gridcast.server.Services services(ServerConfig config) {
        return GridcastServices.builder(config, Clock.systemUTC()).build();
    }

    /** The JSON summary of a run over {@link OldLayout} that met no conflict and no unknown key. */
    static String summary(boolean dryRun, String target, int scanned, int moved, int leftovers, int conflicts,
            boolean heldBack, String layout) {
        return "{\"dryRun\":" + dryRun + ",\"target\":\"" + target + "\",\"scanned\":" + scanned + ",\"moved\":" + moved
                + ",\"leftoversRemoved\":" + leftovers + ",\"conflicts\":" + conflicts + ",\"gone\":0,\"unrecognised\":0,"
                + "\"markersHeldBack\":" + heldBack + ",\"layout\":\"" + layout + "\"," + PLAN
                + ",\"conflictKeys\":[],\"unrecognisedKeys\":[]}";
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
