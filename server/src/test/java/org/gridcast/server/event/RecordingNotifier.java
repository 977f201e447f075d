package org.gridcast.server.event;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.EventUpdate;

/** Records what the event domain asked to tell; one entry per call, deduplicated by dedupeId like the inbox. */
public final class RecordingNotifier implements EventNotifier {
    public record Sent(List<String> members, EventUpdate update, String dedupeId) {
    }

    private final List<Sent> sent = new ArrayList<>();

    @Override
    public synchronized CompletionStage<Void> notify(Collection<String> members, EventUpdate update, String dedupeId) {
        if (sent.stream().noneMatch(s -> s.dedupeId.equals(dedupeId))) {
            sent.add(new Sent(List.copyOf(members), update, dedupeId));
        }
        return CompletableFuture.completedFuture(null);
    }

    public synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    public synchronized void clear() {
        sent.clear();
    }
}
