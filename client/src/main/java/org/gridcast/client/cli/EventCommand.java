package org.gridcast.client.cli;

import java.util.ArrayList;
import java.util.List;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.EventDetail;
import org.gridcast.protocol.EventResult;
import org.gridcast.protocol.GetEvent;
import org.gridcast.protocol.TimelineEntry;

/** {@code event --id ID}: prints {@code {"id","state","timeline":[{"state","actor","at","note"}]}}, {@code at} in ISO-8601 UTC. */
public final class EventCommand implements Command {

    @Override
    public String name() {
        return "event";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.value("--id"));
    }

    @Override
    public String usage() {
        return "event --id ID";
    }

    @Override
    public void run(CommandContext ctx) {
        String id = ctx.args().require("--id");
        EventDetail detail = EventCalls.call(ctx, EventCall.newBuilder().setGet(GetEvent.newBuilder().setId(id)).build(),
                EventResult.ResultCase.DETAIL).getDetail();
        List<Json> timeline = new ArrayList<>();
        for (TimelineEntry t : detail.getTimelineList()) {
            Json entry = Json.object().put("state", t.getState()).put("actor", t.getActor())
                    .put("at", EventJson.instant(t.getAtMs())).put("note", t.getNote());
            if (!t.getPhoto().isEmpty()) {
                entry.put("photo", t.getPhoto()); // 回单's photo: /media/<sha256> or a link
            }
            timeline.add(entry);
        }
        ctx.print(Json.object().put("id", detail.getSummary().getId()).put("state", detail.getSummary().getState())
                .raw("timeline", Json.objects(timeline)));
    }
}
