package org.gridcast.server.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.codec.StringCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster for tests: 3 masters and 3 replicas, six {@code redis-server} processes
 * from PATH (Debian's 7.0 in CI) on free loopback ports, joined by
 * {@code redis-cli --cluster create --cluster-replicas 1}. {@link #start} returns once every
 * node reports {@code cluster_state:ok} and every replica is in sync; {@link #close} kills every
 * process and deletes the folder, whatever state the test left.
 *
 * <p>Tuned for tests: {@code cluster-node-timeout} 1 s so a killed master is replaced in about
 * 2–3 s; {@code cluster-require-full-coverage no} so the other masters' slots keep working while
 * one fails over (as a production cluster should be configured for Gridcast, see OPERATIONS.md);
 * no persistence (the replicas are the durability being tested). A password, like the private
 * Redis, because every user of the machine can reach loopback.
 */
public final class RedisCluster implements AutoCloseable {
    public static final int NODES = 6;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int NODE_TIMEOUT_MS = 1000;

    private final Path dir;
    private final String password;
    private final List<Node> nodes = new ArrayList<>();
    private final RedisClient admin = RedisClient.create();

    /** One redis-server process of the cluster. */
    public final class Node {
        final int port;
        final Path folder;
        volatile Process process;

        Node(int port, Path folder) {
            this.port = port;
            this.folder = folder;
        }

        public int port() {
            return port;
        }

        public boolean isAlive() {
            return process != null && process.isAlive();
        }

        /** SIGKILL: no shutdown, no last replication. */
        public void kill9() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }

        /** Starts the process again with its cluster config (it rejoins, as a replica once replaced). */
        public void restart() throws IOException {
            launch(this);
        }

        public String info(String section) {
            return command(this, c -> c.sync().info(section));
        }

        public String clusterInfo() {
            return command(this, c -> c.sync().clusterInfo());
        }

        public String role() {
            return info("replication").lines().filter(l -> l.startsWith("role:")).findFirst().orElse("role:?").substring(5);
        }

        @Override
        public String toString() {
            return "127.0.0.1:" + port;
        }
    }

    private RedisCluster(Path dir, String password) {
        this.dir = dir;
        this.password = password;
    }

    /**
     * True when PATH has {@code redis-cli} and a {@code redis-server} of 7.0 or later (sharded
     * pub/sub). Without them (no Debian package; the packaged fallback binary is 6.2) the cluster
     * tests are skipped, not failed; {@code .ci/run} installs both.
     */
    public static boolean available() {
        boolean found = found();
        // CI installs Debian's redis-server (with redis-cli) and sets this: there a missing binary is a failure, not a skip.
        if (!found && "required".equals(System.getenv("GRIDCAST_CLUSTER_TESTS"))) {
            throw new IllegalStateException("GRIDCAST_CLUSTER_TESTS=required but redis-cli or redis-server 7+ is not on PATH");
        }
        return found;
    }

    private static boolean found() {
        try {
            Process cli = new ProcessBuilder("redis-cli", "--version").redirectErrorStream(true).start();
            Process server = new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start();
            String version = new String(server.getInputStream().readAllBytes());
            boolean ok = cli.waitFor() == 0 & server.waitFor() == 0;
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("v=(\\d+)\\.").matcher(version);
            return ok && m.find() && Integer.parseInt(m.group(1)) >= 7;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts six processes, creates the cluster, waits until it is healthy. */
    public static RedisCluster start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("gridcast-cluster");
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        RedisCluster cluster = new RedisCluster(dir, HexFormat.of().formatHex(secret));
        try {
            cluster.launchAll();
            cluster.create();
            cluster.awaitHealthy();
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** The seeds for {@code --redis-cluster}: every node as HOST:PORT, comma separated. */
    public String seeds() {
        return nodes.stream().map(Node::toString).collect(Collectors.joining(","));
    }

    public String password() {
        return password;
    }

    /** Seed URIs with the password, for Lettuce's RedisClusterClient. */
    public List<RedisURI> uris() {
        return nodes.stream().map(n -> RedisURI.builder().withHost("127.0.0.1").withPort(n.port)
                .withPassword(password.toCharArray()).build()).toList();
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** The master that serves the slot of {@code key} now (asks a live node). */
    public Node masterOf(String key) {
        int slot = SlotHash.getSlot(key);
        for (Node n : nodes) {
            if (!n.isAlive()) {
                continue;
            }
            List<Object> slots = command(n, c -> c.sync().clusterSlots());
            for (Object range : slots) {
                List<?> r = (List<?>) range;
                long from = (Long) r.get(0);
                long to = (Long) r.get(1);
                if (slot >= from && slot <= to) {
                    int port = (int) (long) (Long) ((List<?>) r.get(2)).get(1);
                    return byPort(port);
                }
            }
            throw new IllegalStateException("slot " + slot + " not served: " + slots);
        }
        throw new IllegalStateException("no live node");
    }

    /** The replica of {@code master} (each master has one here). */
    public Node replicaOf(Node master) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("slave0:ip=[^,]+,port=(\\d+)")
                .matcher(master.info("replication"));
        if (!m.find()) {
            throw new IllegalStateException(master + " has no replica");
        }
        return byPort(Integer.parseInt(m.group(1)));
    }

    /** Blocks until every live node says {@code cluster_state:ok} and every live replica is in sync. */
    public void awaitHealthy() throws InterruptedException {
        await("cluster healthy", this::healthy);
    }

    /** Blocks until the slot of {@code key} is served by a live master other than {@code dead}. */
    public Node awaitFailover(String key, Node dead) throws InterruptedException {
        await("failover of " + dead, () -> {
            try {
                Node now = masterOf(key);
                return now != dead && now.isAlive() && now.clusterInfo().contains("cluster_state:ok");
            } catch (RuntimeException e) {
                return false;
            }
        });
        return masterOf(key);
    }

    private boolean healthy() {
        int masters = 0;
        for (Node n : nodes) {
            if (!n.isAlive()) {
                continue;
            }
            try {
                if (!n.clusterInfo().contains("cluster_state:ok")) {
                    return false;
                }
                String replication = n.info("replication");
                if (replication.contains("role:master")) {
                    masters++;
                } else if (!replication.contains("master_link_status:up")
                        || !replication.contains("master_sync_in_progress:0")) {
                    return false;
                }
            } catch (RuntimeException e) {
                return false;
            }
        }
        return masters == 3;
    }

    private void launchAll() throws IOException {
        for (int i = 0; i < NODES; i++) {
            int port = freeClusterPort();
            Node node = new Node(port, Files.createDirectories(dir.resolve("n" + port)));
            nodes.add(node);
            launch(node);
        }
        for (Node n : nodes) {
            awaitPing(n);
        }
    }

    private void launch(Node node) throws IOException {
        Path conf = node.folder.resolve("redis.conf");
        // the password in a file, not on the command line where ps shows it
        Files.writeString(conf, "requirepass " + password + "\nmasterauth " + password + "\n");
        ProcessBuilder pb = new ProcessBuilder("redis-server", conf.toString(),
                "--port", Integer.toString(node.port), "--bind", "127.0.0.1",
                "--dir", node.folder.toString(), "--cluster-enabled", "yes",
                "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MS),
                "--cluster-require-full-coverage", "no",
                "--cluster-replica-validity-factor", "0",
                "--appendonly", "no", "--save", "",
                "--logfile", node.folder.resolve("redis.log").toString());
        pb.redirectErrorStream(true).redirectOutput(node.folder.resolve("stdout.log").toFile());
        node.process = pb.start();
    }

    private void awaitPing(Node n) {
        try {
            await(n + " answers", () -> {
                try {
                    return "PONG".equals(command(n, c -> c.sync().ping()));
                } catch (RuntimeException e) {
                    return false;
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void create() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "--no-auth-warning", "--cluster", "create"));
        nodes.forEach(n -> cmd.add(n.toString()));
        cmd.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("REDISCLI_AUTH", password);
        Path out = dir.resolve("create.log");
        Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(START_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("redis-cli --cluster create failed: " + Files.readString(out));
        }
    }

    private Node byPort(int port) {
        return nodes.stream().filter(n -> n.port == port).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown port " + port));
    }

    private <T> T command(Node n, java.util.function.Function<StatefulRedisConnection<String, String>, T> f) {
        RedisURI uri = RedisURI.builder().withHost("127.0.0.1").withPort(n.port).withPassword(password.toCharArray())
                .withTimeout(Duration.ofSeconds(2)).build();
        try (StatefulRedisConnection<String, String> c = admin.connect(StringCodec.UTF8, uri)) {
            return f.apply(c);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    /** A free port whose cluster bus port (port + 10000) is free too. */
    private static int freeClusterPort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = s.getLocalPort();
                if (port + 10000 > 65535) {
                    continue;
                }
                try (ServerSocket bus = new ServerSocket(port + 10000, 1, InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no free port pair");
    }

    /** Counts of role per live node, for failure messages. */
    public Map<String, String> roles() {
        return nodes.stream().filter(Node::isAlive).collect(Collectors.toMap(Node::toString, Node::role));
    }

    @Override
    public void close() {
        for (Node n : nodes) {
            if (n.process != null) {
                n.process.destroyForcibly();
                try {
                    n.process.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        admin.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
