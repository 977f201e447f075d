package org.gridcast.server.testing;

import java.util.ArrayList;
import java.util.List;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.server.notice.NoticeLimits;

/**
 * Notice bodies exactly at every {@link NoticeLimits} limit, written in the characters that cost
 * the most bytes: 𠀀 (U+20000, a CJK Extension B character) is one code point and four UTF-8
 * bytes, so these are the largest notices a sender can post.
 */
public final class MaximalNotices {
    /** One code point, four UTF-8 bytes. */
    public static final String WIDEST = "\uD840\uDC00";

    private MaximalNotices() {
    }

    /** {@code n} code points of four UTF-8 bytes each. */
    public static String widest(int n) {
        return WIDEST.repeat(n);
    }

    /** Title, text, category and attachments all at their limits; {@code tag} starts the title so bodies differ. */
    public static NoticeBody body(String tag) {
        String title = tag + widest(NoticeLimits.MAX_TITLE_CHARS - tag.codePointCount(0, tag.length()));
        return NoticeBody.newBuilder()
                .setTitle(title)
                .setText(widest(NoticeLimits.MAX_TEXT_CHARS))
                .setCategory(widest(NoticeLimits.MAX_CATEGORY_CHARS))
                .addAllAttachments(urls())
                .setNeedsConfirm(true)
                .build();
    }

    /** {@value NoticeLimits#MAX_ATTACHMENTS} https URLs of {@value NoticeLimits#MAX_ATTACHMENT_CHARS} code points each. */
    public static List<String> urls() {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < NoticeLimits.MAX_ATTACHMENTS; i++) {
            String prefix = "https://example.org/" + i + "/";
            urls.add(prefix + widest(NoticeLimits.MAX_ATTACHMENT_CHARS - prefix.length()));
        }
        return urls;
    }
}
