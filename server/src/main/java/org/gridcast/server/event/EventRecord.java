package org.gridcast.server.event;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.gridcast.server.event.workflow.EventState;

/**
 * One event as stored in its Redis hash ({@code ev:{ev}:e:<id>}); field names are the hash's.
 * Times are epoch milliseconds, 0 when not yet.
 */
public record EventRecord(Map<String, String> fields) {
    public static final String ID = "id", STATE = "state", VERSION = "ver", CATEGORY = "cat", TEXT = "text",
            LAT = "lat", LNG = "lng", ADDRESS = "addr", ATTACHMENTS = "att", URGENT = "urgent",
            REPORTER = "reporter", REPORTED_BY = "by", UNIT = "unit", COMMUNITY = "community",
            CREATED = "created", DAY = "day",
            ACCEPT_DUE = "acceptDue", ACCEPT_YELLOW = "acceptYellow", RESOLVE_LIMIT = "resolveLimit",
            RESOLVE_DUE = "resolveDue", RESOLVE_YELLOW = "resolveYellow",
            ACCEPTED_AT = "acceptedAt", DISPATCHED = "dispatched", HANDLER_UNIT = "handlerUnit",
            HANDLER_MEMBER = "handlerMember", DISPATCHER = "dispatcher", DISPATCHER_UNIT = "dispatcherUnit",
            ESCALATE_FROM = "escalateFrom", RESOLVED_AT = "resolvedAt", CLOSED_AT = "closedAt",
            RATING = "rating", RATING_COMMENT = "ratingComment", FOLLOW_UPS = "followUps",
            ACCEPT_FLAG = "aflag", RESOLVE_FLAG = "rflag", OWNERS = "owners";

    /** Attachment URLs are stored joined by this (a URL never contains a newline). */
    public static final String ATTACHMENT_SEPARATOR = "\n";

    public String get(String field) {
        return fields.getOrDefault(field, "");
    }

    public long millis(String field) {
        String v = get(field);
        return v.isEmpty() ? 0 : Long.parseLong(v);
    }

    public String id() {
        return get(ID);
    }

    public EventState state() {
        return EventState.valueOf(get(STATE));
    }

    public long version() {
        return millis(VERSION);
    }

    public String reporter() {
        return get(REPORTER);
    }

    public String unit() {
        return get(UNIT);
    }

    public String handlerUnit() {
        return get(HANDLER_UNIT);
    }

    public String handlerMember() {
        return get(HANDLER_MEMBER);
    }

    public String dispatcher() {
        return get(DISPATCHER);
    }

    public String escalateFrom() {
        return get(ESCALATE_FROM);
    }

    public boolean rated() {
        return !get(RATING).isEmpty();
    }

    public List<String> attachments() {
        String a = get(ATTACHMENTS);
        return a.isEmpty() ? List.of() : Arrays.asList(a.split(ATTACHMENT_SEPARATOR));
    }

    /** The deadline of the phase the event is in, 0 if none runs. */
    public long currentDeadline() {
        return switch (state().phase()) {
            case ACCEPTANCE -> millis(ACCEPT_DUE);
            case RESOLUTION -> millis(RESOLVE_DUE);
            case NONE -> 0;
        };
    }

    /** 0 none, 1 yellow, 2 red, of the current phase. */
    public int currentFlag() {
        return switch (state().phase()) {
            case ACCEPTANCE -> (int) millis(ACCEPT_FLAG);
            case RESOLUTION -> (int) millis(RESOLVE_FLAG);
            case NONE -> 0;
        };
    }

    public static String flagName(int flag) {
        return switch (flag) {
            case 1 -> "yellow";
            case 2 -> "red";
            default -> "";
        };
    }
}
