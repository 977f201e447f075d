package org.gridcast.server.event.faq;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Terms of a text for matching Chinese questions without a dictionary: every pair of adjacent
 * Han characters (居住证 → 居住, 住证), plus whole Latin words and numbers. Punctuation, spaces
 * and a few function characters break runs, so 的/了/吗 do not glue terms together.
 */
public final class Bigrams {
    /** Characters that carry no meaning for matching (particles, question words). */
    private static final String STOP = "的了吗呢吧啊呀么怎么样我你他她它们是在有和与及或请问一下";

    private Bigrams() {
    }

    public static Set<String> of(String text) {
        Set<String> out = new LinkedHashSet<>();
        StringBuilder han = new StringBuilder();
        StringBuilder word = new StringBuilder();
        String s = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            boolean isHan = Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
            if (isHan && STOP.indexOf(cp) < 0) {
                flushWord(word, out);
                han.appendCodePoint(cp);
            } else if (!isHan && Character.isLetterOrDigit(cp)) {
                flushHan(han, out);
                word.appendCodePoint(cp);
            } else {
                flushHan(han, out);
                flushWord(word, out);
            }
        }
        flushHan(han, out);
        flushWord(word, out);
        return out;
    }

    private static void flushHan(StringBuilder han, Set<String> out) {
        int n = han.codePointCount(0, han.length());
        if (n == 1) {
            out.add(han.toString());
        }
        int[] cps = han.codePoints().toArray();
        for (int i = 0; i + 1 < cps.length; i++) {
            out.add(new String(cps, i, 2));
        }
        han.setLength(0);
    }

    private static void flushWord(StringBuilder word, Set<String> out) {
        if (word.length() > 0) {
            out.add(word.toString());
            word.setLength(0);
        }
    }
}
