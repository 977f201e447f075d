package org.gridcast.server.event.consult;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Ask;
import org.gridcast.protocol.AskResult;
import org.gridcast.protocol.Chat;
import org.gridcast.protocol.ChatMessage;
import org.gridcast.protocol.ChatResult;
import org.gridcast.protocol.ConversationInfo;
import org.gridcast.protocol.ConversationList;
import org.gridcast.protocol.HandOver;
import org.gridcast.seeds.Role;
import org.gridcast.server.event.EventDirectory;
import org.gridcast.server.event.EventLimits;
import org.gridcast.server.event.EventMember;
import org.gridcast.server.event.faq.FaqMatcher;
import org.gridcast.server.event.faq.FaqStore;
import org.gridcast.server.event.workflow.EventRefusedException;
import org.gridcast.server.event.workflow.Refusal;

/**
 * Policy consultations (政策咨询): a resident's question is matched against the community's FAQ,
 * and can be sent to their micro-grid leader (or another staff member of their units) as a 1:1
 * conversation; staff reply or hand it over. A question unanswered past the response limit shows
 * as overdue.
 */
public final class ConsultationService {
    /** One working day: a policy question should not wait longer for a first human answer. */
    public static final Duration DEFAULT_RESPONSE_LIMIT = Duration.ofHours(24);
    /** History page size unless the client asks for less. */
    public static final int MAX_HISTORY = 100;
    /** Conversations listed for a member. */
    public static final int MAX_LISTED = 100;

    private final ConversationStore conversations;
    private final ConversationLog log;
    private final FaqStore faqs;
    private final EventDirectory directory;
    private final Clock clock;
    private final Duration responseLimit;

    public ConsultationService(ConversationStore conversations, ConversationLog log, FaqStore faqs,
                               EventDirectory directory, Clock clock, Duration responseLimit) {
        this.conversations = conversations;
        this.log = log;
        this.faqs = faqs;
        this.directory = directory;
        this.clock = clock;
        this.responseLimit = responseLimit;
    }

    public CompletionStage<AskResult> ask(String actorId, Ask ask) {
        String text = EventLimits.bounded(ask.getText().trim(), EventLimits.MAX_TEXT, "text");
        if (text.isEmpty()) {
            throw new EventRefusedException(Refusal.BAD_REQUEST, "empty question");
        }
        return member(actorId).thenCompose(resident -> {
            String community = directory.communityOf(resident.unit()).orElse("");
            return faqs.list(community).thenCompose(list -> {
                AskResult.Builder out = AskResult.newBuilder().addAllMatches(FaqMatcher.match(list, text));
                if (!ask.getSend()) {
                    return CompletableFuture.completedFuture(out.build());
                }
                return consultant(resident, ask.getTo()).thenCompose(staff -> conversations
                        .openOrGet(resident.id(), staff.id(), community, clock.millis())
                        .thenCompose(c -> log.setParties(c.id(), List.of(c.resident(), c.staff()))
                                .thenCompose(v -> send(c, resident.id(), text, ask.getClientMsgId()))
                                .thenCompose(seq -> info(c.id()).thenApply(i -> out.setConversation(i).setSeq(seq).build()))));
            });
        });
    }

    public CompletionStage<ChatResult> chat(String actorId, Chat chat) {
        return party(actorId, chat.getConversation()).thenCompose(c -> {
            if (!chat.getSend().isEmpty()) {
                String text = EventLimits.bounded(chat.getSend(), EventLimits.MAX_TEXT, "text");
                return send(c, actorId, text, chat.getClientMsgId()).thenCompose(seq ->
                        info(c.id()).thenApply(i -> ChatResult.newBuilder().setConversation(i).setSeq(seq).build()));
            }
            // uint32 on the wire: read unsigned, or 2^31 and more would pass min() as a negative page
            long asked = Integer.toUnsignedLong(chat.getLimit());
            int limit = asked == 0 ? MAX_HISTORY : (int) Math.min(asked, MAX_HISTORY);
            String peer = actorId.equals(c.resident()) ? c.staff() : c.resident();
            return log.history(c.id(), chat.getAfterSeq(), limit).thenCompose(msgs ->
                    log.readCursor(c.id(), peer).thenCompose(read -> info(c.id()).thenApply(i ->
                            ChatResult.newBuilder().setConversation(i).addAllMessages(msgs).setPeerRead(read).build())));
        });
    }

    /** The current staff member hands the conversation to another staff member whose scope covers the resident. */
    public CompletionStage<ConversationInfo> handOver(String actorId, HandOver h) {
        return party(actorId, h.getConversation()).thenCompose(c -> {
            if (!actorId.equals(c.staff())) {
                throw new EventRefusedException(Refusal.NOT_PERMITTED, "only the staff member in the conversation hands it over");
            }
            return member(h.getTo()).thenCompose(to -> member(c.resident()).thenCompose(resident -> {
                if (!isStaff(to) || !directory.within(to.unit(), resident.unit())) {
                    throw new EventRefusedException(Refusal.NOT_PERMITTED, h.getTo() + " is not staff of the resident's units");
                }
                long now = clock.millis();
                return conversations.handOver(c, to.id(), now)
                        .thenCompose(v -> log.setParties(c.id(), List.of(c.resident(), to.id())))
                        .thenCompose(v -> log.append(c.id(), ChatMessage.newBuilder().setConversation(c.id())
                                .setSender(actorId).setAtMs(now).setText("已转交给 " + to.name() + " (" + to.id() + ")").build(),
                                "handover:" + c.id() + ":" + to.id() + ":" + now))
                        .thenCompose(seq -> info(c.id()));
            }));
        });
    }

    public CompletionStage<ConversationList> list(String actorId) {
        return conversations.of(actorId, MAX_LISTED).thenCompose(ids -> {
            List<CompletableFuture<ConversationInfo>> all = new ArrayList<>();
            ids.forEach(id -> all.add(info(id).toCompletableFuture()));
            return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> {
                ConversationList.Builder b = ConversationList.newBuilder();
                all.forEach(f -> b.addConversations(f.join()));
                return b.build();
            });
        });
    }

    private CompletionStage<Long> send(ConversationStore.Conversation c, String sender, String text, String clientMsgId) {
        long now = clock.millis();
        String dedupe = "chat:" + sender + ":" + (clientMsgId.isEmpty() ? UUID.randomUUID() : clientMsgId);
        ChatMessage m = ChatMessage.newBuilder().setConversation(c.id()).setSender(sender).setAtMs(now).setText(text).build();
        return log.append(c.id(), m, dedupe).thenCompose(seq -> conversations.spoke(c, sender, now).thenApply(v -> seq));
    }

    public CompletionStage<ConversationInfo> info(String id) {
        return conversations.get(id).thenApply(o -> {
            ConversationStore.Conversation c = o.orElseThrow(() -> new EventRefusedException(Refusal.UNKNOWN_EVENT, "conversation " + id));
            boolean overdue = c.waitingSince() > 0 && clock.millis() - c.waitingSince() > responseLimit.toMillis();
            return ConversationInfo.newBuilder().setId(c.id()).setResident(c.resident()).setStaff(c.staff())
                    .setCommunity(c.community()).setOpenedAtMs(c.openedAt()).setWaitingSinceMs(c.waitingSince())
                    .setOverdue(overdue).build();
        });
    }

    private CompletionStage<ConversationStore.Conversation> party(String actorId, String conversationId) {
        return conversations.get(conversationId).thenApply(o -> {
            ConversationStore.Conversation c = o.orElseThrow(() ->
                    new EventRefusedException(Refusal.UNKNOWN_EVENT, "conversation " + conversationId));
            if (!c.isParty(actorId)) {
                throw new EventRefusedException(Refusal.OUT_OF_SCOPE, "not a party of " + conversationId);
            }
            return c;
        });
    }

    /**
     * Who answers: the named staff member if their scope covers the resident, else the nearest
     * staff up the resident's units (micro-grid leader, then grid worker, then community staff).
     */
    private CompletionStage<EventMember> consultant(EventMember resident, String to) {
        if (!to.isEmpty()) {
            return member(to).thenApply(m -> {
                if (!isStaff(m) || !directory.within(m.unit(), resident.unit())) {
                    throw new EventRefusedException(Refusal.NOT_PERMITTED, to + " is not staff of your units");
                }
                return m;
            });
        }
        return nearestStaff(directory.ancestorsOrSelf(resident.unit()), 0, resident);
    }

    private CompletionStage<EventMember> nearestStaff(List<String> units, int i, EventMember resident) {
        if (i >= units.size()) {
            throw new EventRefusedException(Refusal.NOT_PERMITTED, "no staff above " + resident.unit());
        }
        return directory.membersOf(units.get(i)).thenCompose(ms -> {
            Optional<EventMember> s = ms.stream().filter(ConsultationService::isStaff)
                    .filter(m -> !m.id().equals(resident.id())).findFirst();
            return s.<CompletionStage<EventMember>>map(CompletableFuture::completedFuture)
                    .orElseGet(() -> nearestStaff(units, i + 1, resident));
        });
    }

    private static boolean isStaff(EventMember m) {
        return m.role() == Role.MICROGRID_LEADER || m.role() == Role.GRID_WORKER || m.role() == Role.COMMUNITY_STAFF
                || m.role() == Role.TOWN_STAFF;
    }

    private CompletionStage<EventMember> member(String id) {
        return directory.member(id).thenApply(m -> m.orElseThrow(() -> new EventRefusedException(Refusal.UNKNOWN_MEMBER, id)));
    }
}
