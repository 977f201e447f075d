package org.gridcast.server.event.faq;

import org.gridcast.server.redis.RedisKeys;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Faq;
import org.gridcast.server.event.EventLimits;
import org.gridcast.server.event.workflow.EventRefusedException;
import org.gridcast.server.event.workflow.Refusal;

/** A community's FAQ list in Redis: hash {@code faq:<community>}, field id → protobuf bytes (ISO-8859-1 string). */
public final class FaqStore {
    /** A community keeps a curated list, not a knowledge base; matching reads it whole. */
    public static final int MAX_FAQS = 300;
    private static final java.nio.charset.Charset RAW = java.nio.charset.StandardCharsets.ISO_8859_1;

    private final RedisClusterAsyncCommands<String, String> redis;

    public FaqStore(RedisClusterAsyncCommands<String, String> redis) {
        this.redis = redis;
    }

    static String key(String community) {
        return RedisKeys.faq(community);
    }

    public CompletionStage<List<Faq>> list(String community) {
        return redis.hvals(key(community)).thenApply(vals -> {
            List<Faq> out = new ArrayList<>();
            for (String v : vals) {
                try {
                    out.add(Faq.parseFrom(v.getBytes(RAW)));
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    throw new IllegalStateException("corrupt FAQ in " + community, e);
                }
            }
            out.sort(Comparator.comparing(Faq::getId));
            return out;
        });
    }

    /** Adds (id empty: allocates F<n>) or replaces an entry. */
    public CompletionStage<Faq> put(String community, Faq faq) {
        EventLimits.bounded(faq.getQuestion(), EventLimits.MAX_NOTE, "question");
        EventLimits.bounded(faq.getAnswer(), EventLimits.MAX_TEXT, "answer");
        if (faq.getQuestion().isBlank() || faq.getAnswer().isBlank()) {
            throw new EventRefusedException(Refusal.BAD_REQUEST, "an FAQ has a question and an answer");
        }
        return redis.hlen(key(community)).thenCompose(n -> {
            if (faq.getId().isEmpty() && n >= MAX_FAQS) {
                throw new EventRefusedException(Refusal.TOO_LONG, "a community keeps at most " + MAX_FAQS + " FAQs");
            }
            CompletionStage<String> id = faq.getId().isEmpty()
                    ? redis.incr(RedisKeys.faqSeq(community)).thenApply(s -> "F" + s)
                    : java.util.concurrent.CompletableFuture.completedFuture(faq.getId());
            return id.thenCompose(i -> {
                Faq stored = faq.toBuilder().setId(i).build();
                return redis.hset(key(community), i, new String(stored.toByteArray(), RAW)).thenApply(x -> stored);
            });
        });
    }
}
