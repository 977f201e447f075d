package org.gridcast.loadtest.probe;

import java.net.InetSocketAddress;

/**
 * Where a server under test shows its own figures. Either part may be null (not known), and
 * then the figures that need it are reported as not measured.
 *
 * @param http      the server's HTTP port, serving {@code /metrics}
 * @param redisUri  the Redis the server uses, for {@code INFO commandstats}
 * @param inProcess the server runs inside the load tester's JVM, so the process CPU and heap it
 *                  reports include the load tester's own
 */
public record ServerEndpoints(InetSocketAddress http, String redisUri, boolean inProcess) {
}
