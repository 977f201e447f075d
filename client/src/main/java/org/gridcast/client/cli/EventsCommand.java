package org.gridcast.client.cli;

import java.util.List;
import java.util.Locale;
import org.gridcast.client.GridcastClient;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.EventOrder;
import org.gridcast.protocol.EventPage;
import org.gridcast.protocol.EventQueue;
import org.gridcast.protocol.EventResult;
import org.gridcast.protocol.EventSummary;
import org.gridcast.protocol.ListEvents;

/**
 * {@code events --queue pending|active|overdue|mine [--unit ID] [--order newest|deadline]}: the whole
 * queue, one {@code {"id","state","category","reporter","overdue"}} line per event; {@code overdue}
 * is {@code ""}, {@code "yellow"} or {@code "red"}.
 */
public final class EventsCommand implements Command {

    /** Events per request: the server's largest page. */
    static final int PAGE_SIZE = 200;

    /** Stops a server that keeps returning full pages; 500 pages of 200 is far past a town's open events. */
    static final int MAX_PAGES = 500;

    @Override
    public String name() {
        return "events";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.value("--queue"), Option.value("--unit"), Option.value("--order"));
    }

    @Override
    public String usage() {
        return "events --queue pending|active|overdue|mine [--unit ID] [--order newest|deadline]";
    }

    @Override
    public void run(CommandContext ctx) {
        EventQueue queue = queue(ctx.args().require("--queue"));
        EventOrder order = order(ctx.args().get("--order", "newest"));
        ListEvents.Builder list = ListEvents.newBuilder().setQueue(queue).setUnit(ctx.args().get("--unit", ""))
                .setOrder(order).setLimit(PAGE_SIZE);
        GridcastClient client = ctx.connect();
        int offset = 0;
        for (int page = 0; page < MAX_PAGES; page++) {
            EventResult result = ctx.await(client.event(EventCall.newBuilder().setList(list.setOffset(offset)).build()));
            EventPage events = EventCalls.check(result, EventResult.ResultCase.PAGE).getPage();
            for (EventSummary e : events.getEventsList()) {
                ctx.print(Json.object().put("id", e.getId()).put("state", e.getState()).put("category", e.getCategory())
                        .put("reporter", e.getReporter()).put("overdue", e.getOverdue()));
            }
            if (events.getEventsCount() < PAGE_SIZE) {
                return;
            }
            offset += events.getEventsCount();
        }
    }

    static EventQueue queue(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "pending" -> EventQueue.PENDING;
            case "active" -> EventQueue.ACTIVE;
            case "overdue" -> EventQueue.OVERDUE;
            case "mine" -> EventQueue.MINE;
            default -> throw CliException.badArgs("--queue must be pending, active, overdue or mine: " + value);
        };
    }

    static EventOrder order(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "newest" -> EventOrder.NEWEST_FIRST;
            case "deadline" -> EventOrder.BY_DEADLINE;
            default -> throw CliException.badArgs("--order must be newest or deadline: " + value);
        };
    }
}
