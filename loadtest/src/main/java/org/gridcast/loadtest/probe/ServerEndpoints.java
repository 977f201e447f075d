package org.gridcast.loadtest.probe;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Where the servers under test show their own figures. Either part may be empty or null (not
 * known), and then the figures that need it are reported as not measured.
 *
 * @param http      each node's admin port, serving {@code /metrics}; figures are summed over them
 * @param redisUri  the Redis the server uses, for {@code INFO commandstats}
 * @param inProcess the server runs inside the load tester's JVM, so the process CPU and heap it
 *                  reports include the load tester's own
 */
public record ServerEndpoints(List<InetSocketAddress> http, String redisUri, boolean inProcess) {
    public ServerEndpoints {
        http = List.copyOf(http);
    }
}
