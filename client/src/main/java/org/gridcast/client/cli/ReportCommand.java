package org.gridcast.client.cli;

import java.util.List;
import java.util.UUID;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.EventResult;
import org.gridcast.protocol.Location;
import org.gridcast.protocol.ReportEvent;

/**
 * {@code report --category L1/L2 --text T [--lat X --lng Y] [--address A] [--urgent] [--client-report-id ID]
 * [--attachments URL,...] [--on-behalf-of MEMBER] [--unit ID]}: prints {@code {"id","state"}}. The report id
 * defaults to a random UUID; give one to make a retry return the first event instead of a second.
 */
public final class ReportCommand implements Command {

    /** The server keeps at most this many attachment URLs per event; refused here before a round trip. */
    static final int MAX_ATTACHMENTS = 9;

    @Override
    public String name() {
        return "report";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.value("--category"), Option.value("--text"), Option.value("--lat"), Option.value("--lng"),
                Option.value("--address"), Option.flag("--urgent"), Option.value("--client-report-id"),
                Option.value("--attachments"), Option.value("--on-behalf-of"), Option.value("--unit"));
    }

    @Override
    public String usage() {
        return "report --category LEVEL1/LEVEL2 --text T [--lat X --lng Y] [--address A] [--urgent] [--client-report-id ID]"
                + " [--attachments URL,...] [--on-behalf-of MEMBER] [--unit ID]";
    }

    @Override
    public void run(CommandContext ctx) {
        Args args = ctx.args();
        ReportEvent.Builder report = ReportEvent.newBuilder()
                .setCategory(category(args.require("--category")))
                .setText(args.require("--text"))
                .setUrgent(args.has("--urgent"))
                .setClientReportId(args.get("--client-report-id", UUID.randomUUID().toString()))
                .setOnBehalfOf(args.get("--on-behalf-of", ""))
                .setUnit(args.get("--unit", ""));
        location(args, report);
        List<String> attachments = args.list("--attachments");
        if (attachments.size() > MAX_ATTACHMENTS) {
            throw CliException.badArgs("at most " + MAX_ATTACHMENTS + " --attachments, got " + attachments.size());
        }
        report.addAllAttachments(attachments);
        EventResult result = EventCalls.call(ctx, EventCall.newBuilder().setReport(report).build(), EventResult.ResultCase.EVENT);
        ctx.print(EventJson.ref(result.getEvent()));
    }

    /** Two non-empty levels, as the server's deadlines and stats are keyed by them. */
    static String category(String value) {
        int slash = value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1 || value.indexOf('/', slash + 1) >= 0) {
            throw CliException.badArgs("--category must be LEVEL1/LEVEL2: " + value);
        }
        return value;
    }

    private static void location(Args args, ReportEvent.Builder report) {
        if (args.has("--lat") != args.has("--lng")) {
            throw CliException.badArgs("give --lat and --lng together");
        }
        if (!args.has("--lat") && !args.has("--address")) {
            return;
        }
        Location.Builder where = Location.newBuilder().setAddress(args.get("--address", ""));
        if (args.has("--lat")) {
            where.setLat(args.requireDouble("--lat", -90, 90)).setLng(args.requireDouble("--lng", -180, 180));
        }
        report.setLocation(where);
    }
}
