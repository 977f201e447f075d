package org.gridcast.client.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.EventResult;
import org.gridcast.protocol.EventStats;
import org.gridcast.protocol.GetStats;

/**
 * {@code stats --unit ID [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--csv]}: the counts and rates of the
 * events reported in the unit's subtree over the period (report days, both inclusive; without
 * dates the server's last 366 days), as one JSON object, or with {@code --csv} a header line and
 * one data line with the same fields ({@code rates.valid}, ...) for a spreadsheet.
 *
 * <p>The rates are computed here from the counts (definitions in docs/EVENTS.md) rather than taken
 * from the wire, because the wire's doubles say 0 for a zero denominator, and "no event was rated"
 * is not "nobody was satisfied": a rate is a number 0..1 with 4 decimals, or {@code null} (an empty
 * CSV cell) when its denominator is 0.
 */
public final class StatsCommand implements Command {

    @Override
    public String name() {
        return "stats";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.value("--unit"), Option.value("--from"), Option.value("--to"), Option.flag("--csv"));
    }

    @Override
    public String usage() {
        return "stats --unit ID [--from YYYY-MM-DD --to YYYY-MM-DD] [--csv]"
                + " (rates are numbers 0..1 with 4 decimals, null when the denominator is 0)";
    }

    @Override
    public void run(CommandContext ctx) {
        Args args = ctx.args();
        String unit = args.require("--unit");
        LocalDate from = date(args, "--from");
        LocalDate to = date(args, "--to");
        if (from != null && to != null && from.isAfter(to)) {
            throw CliException.badArgs("--from " + from + " is after --to " + to);
        }
        GetStats query = GetStats.newBuilder().setUnit(unit).setFrom(from == null ? "" : from.toString())
                .setTo(to == null ? "" : to.toString()).build();
        EventStats stats = EventCalls.call(ctx, EventCall.newBuilder().setStats(query).build(), EventResult.ResultCase.STATS).getStats();
        if (args.has("--csv")) {
            printCsv(ctx, stats);
        } else {
            ctx.print(json(stats));
        }
    }

    private static LocalDate date(Args args, String name) {
        if (!args.has(name)) {
            return null;
        }
        String value = args.require(name);
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw CliException.badArgs(name + " must be YYYY-MM-DD: " + value);
        }
    }

    /** The counts in output order. */
    static Map<String, Long> counts(EventStats s) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("reported", s.getReported());
        counts.put("valid", s.getValid());
        counts.put("transferred", s.getTransferred());
        counts.put("closed", s.getClosed());
        counts.put("closedOnTime", s.getClosedOnTime());
        counts.put("rated", s.getRated());
        counts.put("satisfied", s.getSatisfied());
        counts.put("followedUp", s.getFollowedUp());
        counts.put("overdue", s.getOverdue());
        return counts;
    }

    /** The rates in output order, each a JSON number or {@code null}. */
    static Map<String, String> rates(EventStats s) {
        Map<String, String> rates = new LinkedHashMap<>();
        rates.put("valid", EventJson.rate(s.getValid(), s.getReported()));
        rates.put("transfer", EventJson.rate(s.getTransferred(), s.getValid()));
        rates.put("closure", EventJson.rate(s.getClosed(), s.getValid()));
        rates.put("onTimeClosure", EventJson.rate(s.getClosedOnTime(), s.getClosed()));
        rates.put("satisfaction", EventJson.rate(s.getSatisfied(), s.getRated()));
        rates.put("followUp", EventJson.rate(s.getFollowedUp(), s.getClosed()));
        return rates;
    }

    static Json json(EventStats s) {
        Json out = Json.object().put("unit", s.getUnit()).put("from", s.getFrom()).put("to", s.getTo());
        counts(s).forEach(out::put);
        Json rates = Json.object();
        rates(s).forEach(rates::raw);
        return out.raw("rates", rates.toString());
    }

    private static void printCsv(CommandContext ctx, EventStats s) {
        List<String> header = new ArrayList<>(List.of("unit", "from", "to"));
        List<String> row = new ArrayList<>(List.of(csvCell(s.getUnit()), csvCell(s.getFrom()), csvCell(s.getTo())));
        counts(s).forEach((k, v) -> {
            header.add(k);
            row.add(Long.toString(v));
        });
        rates(s).forEach((k, v) -> {
            header.add("rates." + k);
            row.add("null".equals(v) ? "" : v);
        });
        ctx.printLine(String.join(",", header));
        ctx.printLine(String.join(",", row));
    }

    /** RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled. */
    static String csvCell(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
