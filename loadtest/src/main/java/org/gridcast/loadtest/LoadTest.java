package org.gridcast.loadtest;

import java.util.Arrays;
import org.gridcast.loadtest.raw.RawServer;
import org.gridcast.loadtest.report.Report;
import org.gridcast.loadtest.worker.Worker;

/**
 * {@code java -jar gridcast-loadtest.jar --target ... } (see {@link Options#usage()}); exits 1
 * when anything was lost or duplicated, 2 on a usage error, 0 after {@code --help}.
 * {@code raw-server [PORT] [THREADS]} runs the raw target as a process of its own; {@code worker ...}
 * is one process of a run with {@code --processes} (see {@link Worker}).
 */
public final class LoadTest {
    /** Exit status of a usage error. */
    public static final int USAGE_ERROR = 2;

    private LoadTest() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("raw-server")) {
            RawServer.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("worker")) {
            Worker.main(Arrays.copyOfRange(args, 1, args.length)); // started by a run with --processes
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.HelpRequested help) {
            System.out.print(help.getMessage());
            System.exit(0);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(USAGE_ERROR);
            return;
        }
        Report report = new Run(options, System.out).execute();
        report.write(options.reportJson(), options.reportMarkdown());
        System.out.println(report.markdown());
        System.out.println(report.json());
        System.exit(report.passed() ? 0 : 1);
    }
}
