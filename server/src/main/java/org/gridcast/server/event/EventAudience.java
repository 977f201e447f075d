package org.gridcast.server.event;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gridcast.seeds.Role;
import org.gridcast.server.event.workflow.Capacities;

/**
 * Who is told about a change of an event: the reporter, the handler (member, or the members of
 * the handler unit who handle for it, never the residents of a micro-grid), the dispatcher, and the first-line staff (micro-grid leader and grid worker)
 * of the event's unit, whose queues it sits in. Reminders add the level above.
 */
public final class EventAudience {
    private final EventDirectory directory;

    public EventAudience(EventDirectory directory) {
        this.directory = directory;
    }

    public CompletionStage<Set<String>> of(EventRecord e) {
        Set<String> out = new LinkedHashSet<>();
        out.add(e.reporter());
        addIfSet(out, e.get(EventRecord.REPORTED_BY));
        addIfSet(out, e.handlerMember());
        addIfSet(out, e.dispatcher());
        List<CompletionStage<Set<String>>> parts = new ArrayList<>();
        if (!e.handlerUnit().isEmpty()) {
            parts.add(handlers(e.handlerUnit()));
        }
        parts.add(firstLine(e.unit()));
        if (!e.escalateFrom().isEmpty()) {
            directory.parentOf(e.escalateFrom()).ifPresent(p -> parts.add(staff(p)));
        }
        return merge(out, parts);
    }

    /** Who must act on a flagged event and the level above them. */
    public CompletionStage<Set<String>> reminded(EventRecord e) {
        Set<String> out = new LinkedHashSet<>();
        List<CompletionStage<Set<String>>> parts = new ArrayList<>();
        boolean handled = !e.handlerMember().isEmpty() || !e.handlerUnit().isEmpty();
        addIfSet(out, e.handlerMember());
        if (!e.handlerUnit().isEmpty()) {
            parts.add(handlers(e.handlerUnit()));
        }
        if (!handled) {
            parts.add(firstLine(e.unit()));
        }
        String above = e.get(EventRecord.DISPATCHER_UNIT);
        if (above.isEmpty()) {
            above = directory.communityOf(e.unit()).orElse("");
        }
        addIfSet(out, e.dispatcher());
        if (!above.isEmpty()) {
            parts.add(staff(above));
        }
        return merge(out, parts);
    }

    /** Staff of the event's unit and its ancestors below the community (micro-grid, grid). */
    public CompletionStage<Set<String>> firstLine(String unit) {
        String community = directory.communityOf(unit).orElse("");
        List<CompletionStage<Set<String>>> parts = new ArrayList<>();
        for (String u : directory.ancestorsOrSelf(unit)) {
            if (u.equals(community)) {
                break;
            }
            parts.add(staff(u));
        }
        return merge(new LinkedHashSet<>(), parts);
    }

    /** The members who handle what is sent to {@code unit} ({@link Capacities#handlesForUnit}), not its residents. */
    private CompletionStage<Set<String>> handlers(String unit) {
        return directory.membersOf(unit).thenApply(list -> {
            Set<String> s = new LinkedHashSet<>();
            list.stream().filter(m -> Capacities.handlesForUnit(m, unit, directory)).forEach(m -> s.add(m.id()));
            return s;
        });
    }

    /** Staff whose home is {@code unit} (no residents, no operators). */
    private CompletionStage<Set<String>> staff(String unit) {
        return directory.membersOf(unit).thenApply(list -> {
            Set<String> s = new LinkedHashSet<>();
            list.stream().filter(m -> m.role() != Role.RESIDENT && m.role() != Role.OPERATOR)
                    .forEach(m -> s.add(m.id()));
            return s;
        });
    }

    private static CompletionStage<Set<String>> merge(Set<String> base, List<CompletionStage<Set<String>>> parts) {
        CompletableFuture<?>[] all = parts.stream().map(CompletionStage::toCompletableFuture).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(all).thenApply(v -> {
            for (CompletableFuture<?> f : all) {
                @SuppressWarnings("unchecked")
                Set<String> s = (Set<String>) f.join();
                base.addAll(s);
            }
            return base;
        });
    }

    private static void addIfSet(Set<String> out, String id) {
        if (!id.isEmpty()) {
            out.add(id);
        }
    }
}
