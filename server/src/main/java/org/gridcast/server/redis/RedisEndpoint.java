package org.gridcast.server.redis;

import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the shared Redis is: one server ({@code --redis redis://...}) or the seed nodes of a
 * Redis Cluster ({@code --redis-cluster HOST:PORT,...}; any reachable seed is enough, the rest of
 * the cluster is discovered from it).
 */
public final class RedisEndpoint {
    /** A cluster of more seeds than this is a typo or hostile input, not a deployment. */
    public static final int MAX_SEEDS = 64;

    /** Replicas an acked write waits for in a cluster unless told otherwise ({@code WAIT 1}). */
    public static final int DEFAULT_WAIT_REPLICAS = 1;
    /** How long an ack waits for them; past it the write is answered UNAVAILABLE (retry dedupes). */
    public static final java.time.Duration DEFAULT_WAIT_TIMEOUT = java.time.Duration.ofSeconds(2);
    /** More replicas than this per master is not a deployment we test. */
    public static final int MAX_WAIT_REPLICAS = 5;

    private final List<RedisURI> seeds;
    private final boolean cluster;
    private final int waitReplicas;

    private RedisEndpoint(List<RedisURI> seeds, boolean cluster, int waitReplicas) {
        this.seeds = List.copyOf(seeds);
        this.cluster = cluster;
        this.waitReplicas = waitReplicas;
    }

    public static RedisEndpoint single(String uri) {
        return new RedisEndpoint(List.of(RedisURI.create(uri)), false, 0);
    }

    /** The same cluster with acked writes waiting for {@code n} replicas (0: do not wait). */
    public RedisEndpoint waitReplicas(int n) {
        if (n < 0 || n > MAX_WAIT_REPLICAS) {
            throw new IllegalArgumentException("--redis-wait-replicas wants 0 to " + MAX_WAIT_REPLICAS + ", got " + n);
        }
        if (!cluster && n > 0) {
            throw new IllegalArgumentException("--redis-wait-replicas needs --redis-cluster");
        }
        return new RedisEndpoint(seeds, cluster, n);
    }

    /** Replicas an acked write waits for ({@code WAIT n}); 0 on a single Redis. */
    public int waitReplicas() {
        return waitReplicas;
    }

    /**
     * @param seeds {@code HOST:PORT[,HOST:PORT...]}
     * @param password the cluster's {@code requirepass}, or null
     */
    public static RedisEndpoint cluster(String seeds, char[] password) {
        List<RedisURI> uris = new ArrayList<>();
        for (String seed : seeds.split(",")) {
            String s = seed.strip();
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || colon == s.length() - 1) {
                throw new IllegalArgumentException("--redis-cluster wants HOST:PORT[,HOST:PORT...], got " + s);
            }
            int port;
            try {
                port = Integer.parseInt(s.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port in --redis-cluster seed " + s);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("bad port in --redis-cluster seed " + s);
            }
            RedisURI.Builder b = RedisURI.builder().withHost(s.substring(0, colon)).withPort(port);
            if (password != null) {
                b.withPassword(password);
            }
            uris.add(b.build());
        }
        if (uris.isEmpty() || uris.size() > MAX_SEEDS) {
            throw new IllegalArgumentException("--redis-cluster wants 1 to " + MAX_SEEDS + " seeds");
        }
        return new RedisEndpoint(uris, true, DEFAULT_WAIT_REPLICAS);
    }

    public boolean isCluster() {
        return cluster;
    }

    public List<RedisURI> seeds() {
        return seeds;
    }
}
