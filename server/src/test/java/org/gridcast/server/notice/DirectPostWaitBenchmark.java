package org.gridcast.server.notice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.server.redis.DurableWrites;
import org.gridcast.server.redis.RedisConnector;
import org.gridcast.server.redis.RedisEndpoint;
import org.gridcast.server.redis.RedisLink;
import org.gridcast.server.testing.RedisCluster;

/**
 * Times step 2 of a point-to-point post (every recipient's inbox copy, made durable) on a real
 * 3-master/3-replica cluster ({@link RedisCluster}), two ways, alternating round by round: the
 * copies' WAITs shared per master, as {@link PostDirectScript} does, and one WAIT per copy, as
 * before; and counts the WAITs each sends (INFO commandstats of the masters). Not a test: it
 * prints. Run after {@code mvn -o -q -pl server -am test-compile} with
 * {@code java -cp server/target/test-classes:server/target/classes:protocol/target/classes:seeds/target/classes:<deps>
 * org.gridcast.server.notice.DirectPostWaitBenchmark [recipients] [rounds]}
 * ({@code <deps>}: {@code mvn -o -q -pl server dependency:build-classpath -Dmdep.includeScope=test
 * -Dmdep.outputFile=cp.txt}). On the 2-core dev machine (AMD EPYC, load average 2.8–3.4,
 * 2026-12-02), 1,000 recipients, 20 rounds: shared per master median 93.4 ms (best 49.0), 3
 * WAITs per post; one per copy median 151.1 ms (best 88.4), 1,000 WAITs per post.
 */
public final class DirectPostWaitBenchmark {
    private static final Pattern WAIT_CALLS = Pattern.compile("cmdstat_wait:calls=(\\d+)");

    private DirectPostWaitBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int recipients = args.length > 0 ? Integer.parseInt(args[0]) : NoticeLimits.MAX_RECIPIENTS;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Notice template = Notice.newBuilder().setSender("staff-b").setSenderName("王主任").setKind("notice")
                .setOriginChannel("o:staff-b")
                .setBody(NoticeBody.newBuilder().setTitle("入户走访").setText("明天上午来访，请家中留人。")).build();
        InboxCopyScript inbox = new InboxCopyScript();
        long[] shared = new long[rounds];
        long[] perCopy = new long[rounds];
        long sharedWaits = 0;
        long perCopyWaits = 0;
        try (RedisCluster cluster = RedisCluster.start();
             RedisConnector connector = new RedisConnector(RedisEndpoint.cluster(cluster.seeds(),
                     cluster.password().toCharArray()));
             RedisLink<String, byte[]> link = connector.connect()) {
            copies(link, inbox, template, members("warm", recipients), 1, true);   // connections, scripts
            copies(link, inbox, template, members("warm", recipients), 2, false);
            for (int r = 0; r < rounds; r++) {
                long w0 = waits(cluster);
                long t0 = System.nanoTime();
                copies(link, inbox, template, members("s" + r, recipients), 1, true);
                shared[r] = System.nanoTime() - t0;
                long w1 = waits(cluster);
                long t1 = System.nanoTime();
                copies(link, inbox, template, members("p" + r, recipients), 1, false);
                perCopy[r] = System.nanoTime() - t1;
                sharedWaits += w1 - w0;
                perCopyWaits += waits(cluster) - w1;
            }
        }
        System.out.printf("%d recipients, %d rounds each%n", recipients, rounds);
        report("one WAIT per master", shared, sharedWaits / rounds);
        report("one WAIT per copy  ", perCopy, perCopyWaits / rounds);
    }

    /** Step 2 of a post: every copy, then its WAITs (shared per master, or one per copy). */
    private static void copies(RedisLink<String, byte[]> link, InboxCopyScript inbox, Notice template,
            List<String> members, long originSeq, boolean sharePerMaster) throws Exception {
        DurableWrites shared = new DurableWrites(link);
        List<CompletableFuture<?>> done = new ArrayList<>();
        for (String m : members) {
            if (sharePerMaster) {
                done.add(inbox.run(shared, m, template, "o:staff-b", originSeq).toCompletableFuture());
            } else {
                DurableWrites own = new DurableWrites(link);
                done.add(inbox.run(own, m, template, "o:staff-b", originSeq)
                        .thenCompose(copy -> own.awaitReplicas()).toCompletableFuture());
            }
        }
        CompletableFuture<?> all = CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
        if (sharePerMaster) {
            all = all.thenCompose(stored -> shared.awaitReplicas()).toCompletableFuture();
        }
        all.get(60, TimeUnit.SECONDS);
    }

    private static List<String> members(String round, int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            ids.add(round + "-r" + i);
        }
        return ids;
    }

    private static long waits(RedisCluster cluster) {
        long total = 0;
        for (RedisCluster.Node n : cluster.nodes()) {
            if (n.isAlive() && n.role().equals("master")) {
                Matcher m = WAIT_CALLS.matcher(n.info("commandstats"));
                total += m.find() ? Long.parseLong(m.group(1)) : 0;
            }
        }
        return total;
    }

    private static void report(String what, long[] nanos, long waitsPerPost) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%s: best %.1f ms, median %.1f ms, worst %.1f ms; %d WAITs per post%n", what,
                sorted[0] / 1e6, sorted[sorted.length / 2] / 1e6, sorted[sorted.length - 1] / 1e6, waitsPerPost);
    }
}
