package org.gridcast.server.event.consult;

import org.gridcast.server.redis.RedisKeys;
import com.google.protobuf.InvalidProtocolBufferException;
import org.gridcast.server.redis.RedisLink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.ChatMessage;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.server.notice.Channels;
import org.gridcast.server.notice.NoticeStore;

/**
 * A consultation is a core channel {@code c:<id>}: messages get gapless seqs, pushes, sync and
 * unread counts from the notice store. The parties set tells the store whom to push to.
 */
public final class ChannelConversationLog implements ConversationLog {
    static final String KIND_CHAT = "chat";

    private final NoticeStore notices;
    private final RedisLink<String, byte[]> redis;

    public ChannelConversationLog(NoticeStore notices, RedisLink<String, byte[]> redis) {
        this.notices = notices;
        this.redis = redis;
    }

    @Override
    public CompletionStage<Void> setParties(String conversationId, Collection<String> parties) {
        String key = RedisKeys.parties(Channels.conversation(conversationId));
        byte[][] members = parties.stream().map(p -> p.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        var tx = redis.async();
        return tx.del(key).thenCompose(n -> tx.sadd(key, members)).thenApply(n -> null);
    }

    @Override
    public CompletionStage<Long> append(String conversationId, ChatMessage message, String dedupeId) {
        Notice draft = Notice.newBuilder()
                .setKind(KIND_CHAT)
                .setSender(message.getSender())
                .setBody(NoticeBody.newBuilder().setText(message.getText()))
                .setExtra(message.toByteString())
                .build();
        return notices.append(Channels.conversation(conversationId), draft, dedupeId).thenApply(p -> p.seq());
    }

    @Override
    public CompletionStage<List<ChatMessage>> history(String conversationId, long afterSeq, int limit) {
        return notices.fetch(Channels.conversation(conversationId), afterSeq, limit).thenApply(entries -> {
            List<ChatMessage> out = new ArrayList<>(entries.size());
            for (Notice n : entries) {
                out.add(decode(n));
            }
            return out;
        });
    }

    @Override
    public CompletionStage<Long> readCursor(String conversationId, String member) {
        return redis.async().hget(RedisKeys.read(Channels.conversation(conversationId)), member)
                .thenApply(v -> v == null ? 0L : Long.parseLong(new String(v, StandardCharsets.US_ASCII)));
    }

    private static ChatMessage decode(Notice n) {
        try {
            return ChatMessage.parseFrom(n.getExtra()).toBuilder().setSeq(n.getSeq()).build();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("entry " + n.getSeq() + " of " + n.getChannel() + " is not a chat message", e);
        }
    }
}
