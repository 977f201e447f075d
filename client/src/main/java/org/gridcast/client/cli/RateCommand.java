package org.gridcast.client.cli;

import java.util.List;
import java.util.Locale;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.EventResult;
import org.gridcast.protocol.RateEvent;

/** {@code rate --id ID --score satisfied|basic|unsatisfied [--comment T]}: the reporter rates a closed event; prints {@code {"id","state"}}. */
public final class RateCommand implements Command {

    /** 满意, 基本满意, 不满意: the three answers the street's satisfaction rate is built from. */
    static final List<String> SCORES = List.of("satisfied", "basic", "unsatisfied");

    @Override
    public String name() {
        return "rate";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.value("--id"), Option.value("--score"), Option.value("--comment"));
    }

    @Override
    public String usage() {
        return "rate --id ID --score satisfied|basic|unsatisfied [--comment T]";
    }

    @Override
    public void run(CommandContext ctx) {
        Args args = ctx.args();
        String id = args.require("--id");
        String score = args.require("--score").toLowerCase(Locale.ROOT);
        if (!SCORES.contains(score)) {
            throw CliException.badArgs("--score must be satisfied, basic or unsatisfied: " + args.require("--score"));
        }
        RateEvent rate = RateEvent.newBuilder().setId(id).setScore(score).setComment(args.get("--comment", "")).build();
        EventResult result = EventCalls.call(ctx, EventCall.newBuilder().setRate(rate).build(), EventResult.ResultCase.EVENT);
        ctx.print(EventJson.ref(result.getEvent()));
    }
}
