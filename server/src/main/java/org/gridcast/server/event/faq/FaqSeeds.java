package org.gridcast.server.event.faq;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Faq;

/**
 * Built-in FAQ answers for the seeded communities ({@code /seeds/faq.tsv}), so a resident's
 * question is matched from the first day. A community that already has FAQs is left alone:
 * what staff wrote is never overwritten.
 */
public final class FaqSeeds {
    static final String RESOURCE = "/seeds/faq.tsv";

    private FaqSeeds() {
    }

    /** Loads the built-in entries into every listed community that has none yet. */
    public static CompletionStage<Integer> loadIfEmpty(FaqStore store) {
        Map<String, List<Faq>> byCommunity = read();
        List<CompletableFuture<Integer>> loaded = new ArrayList<>();
        byCommunity.forEach((community, faqs) -> loaded.add(store.list(community).thenCompose(existing -> {
            if (!existing.isEmpty()) {
                return CompletableFuture.completedFuture(0);
            }
            CompletableFuture<?>[] puts = faqs.stream().map(f -> store.put(community, f).toCompletableFuture())
                    .toArray(CompletableFuture[]::new);
            return CompletableFuture.allOf(puts).thenApply(v -> faqs.size());
        }).toCompletableFuture()));
        return CompletableFuture.allOf(loaded.toArray(CompletableFuture[]::new))
                .thenApply(v -> loaded.stream().mapToInt(CompletableFuture::join).sum());
    }

    static Map<String, List<Faq>> read() {
        Map<String, List<Faq>> out = new LinkedHashMap<>();
        try (InputStream in = FaqSeeds.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return out;
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length != 5) {
                    throw new IllegalStateException(RESOURCE + ": expected 5 fields in: " + line);
                }
                out.computeIfAbsent(f[0], c -> new ArrayList<>()).add(Faq.newBuilder().setId(f[1]).setQuestion(f[2])
                        .setAnswer(f[3]).addAllKeywords(List.of(f[4].split(","))).build());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
