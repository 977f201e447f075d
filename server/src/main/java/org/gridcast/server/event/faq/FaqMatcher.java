package org.gridcast.server.event.faq;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridcast.protocol.Faq;
import org.gridcast.protocol.FaqMatch;

/**
 * Ranks a community's FAQ entries against a resident's question. Score = the share of the
 * question's bigram weight found in the entry's question and keywords, where a term's weight is
 * its inverse document frequency over the community's entries (a term every answer shares, like
 * 办理, counts little); a keyword found whole in the question adds {@link #KEYWORD_BONUS}.
 */
public final class FaqMatcher {
    /** Below this a match is noise; the resident sends the question to staff instead. */
    public static final double MIN_SCORE = 0.25;
    /** A staff-chosen keyword is a strong signal of intent. */
    public static final double KEYWORD_BONUS = 0.3;
    /** Matches shown to the resident: a phone screen. */
    public static final int MAX_MATCHES = 5;

    private FaqMatcher() {
    }

    public static List<FaqMatch> match(List<Faq> faqs, String question) {
        Set<String> q = Bigrams.of(question);
        if (q.isEmpty() || faqs.isEmpty()) {
            return List.of();
        }
        List<Set<String>> docs = new ArrayList<>();
        Map<String, Integer> df = new HashMap<>();
        for (Faq f : faqs) {
            Set<String> terms = Bigrams.of(f.getQuestion() + " " + String.join(" ", f.getKeywordsList()));
            docs.add(terms);
            terms.forEach(t -> df.merge(t, 1, Integer::sum));
        }
        int n = faqs.size();
        double total = 0;
        Map<String, Double> weight = new HashMap<>();
        for (String t : q) {
            double w = Math.log(1.0 + (n + 1.0) / (df.getOrDefault(t, 0) + 1.0));
            weight.put(t, w);
            total += w;
        }
        List<FaqMatch> out = new ArrayList<>();
        String lower = question.toLowerCase(java.util.Locale.ROOT);
        for (int i = 0; i < n; i++) {
            Set<String> d = docs.get(i);
            double hit = 0;
            for (String t : q) {
                if (d.contains(t)) {
                    hit += weight.get(t);
                }
            }
            double score = hit / total;
            for (String k : faqs.get(i).getKeywordsList()) {
                if (!k.isBlank() && lower.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                    score += KEYWORD_BONUS;
                }
            }
            if (score >= MIN_SCORE) {
                Faq f = faqs.get(i);
                out.add(FaqMatch.newBuilder().setId(f.getId()).setQuestion(f.getQuestion()).setAnswer(f.getAnswer())
                        .setScore(Math.round(score * 1000) / 1000.0).build());
            }
        }
        out.sort(Comparator.comparingDouble(FaqMatch::getScore).reversed().thenComparing(FaqMatch::getId));
        return out.size() > MAX_MATCHES ? out.subList(0, MAX_MATCHES) : out;
    }
}
