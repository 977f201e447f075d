package org.gridcast.server.notice;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.protocol.PostNotice;
import org.gridcast.server.GridcastException;
import org.gridcast.server.text.AttachmentUrl;
import org.gridcast.server.text.TextLength;

/**
 * Checks a {@link PostNotice} against {@link NoticeLimits} before anything is stored. Over a
 * limit: {@code LIMIT_EXCEEDED}; missing or malformed: {@code BAD_REQUEST}.
 */
public final class NoticeValidator {
    private NoticeValidator() {
    }

    public static void check(PostNotice post) {
        checkClientMsgId(post.getClientMsgId());
        checkAudience(post);
        if (!post.hasBody()) {
            throw GridcastException.badRequest("body is required");
        }
        checkBody(post.getBody());
    }

    /** The effective Fetch page size: the default for 0, refused above the maximum. */
    public static int fetchLimit(int asked) {
        return pageLimit(asked, NoticeLimits.DEFAULT_FETCH_LIMIT, NoticeLimits.MAX_FETCH_LIMIT, "fetch");
    }

    /** The effective receipts page size: the default for 0, refused above the maximum. */
    public static int receiptsLimit(int asked) {
        return pageLimit(asked, NoticeLimits.DEFAULT_RECEIPTS_LIMIT, NoticeLimits.MAX_RECEIPTS_LIMIT, "receipts");
    }

    private static int pageLimit(int asked, int byDefault, int max, String what) {
        if (asked < 0) {
            throw GridcastException.badRequest(what + " limit must not be negative");
        }
        if (asked > max) {
            throw GridcastException.limit(what + " limit " + asked + " is over " + max);
        }
        return asked == 0 ? byDefault : asked;
    }

    private static void checkClientMsgId(String id) {
        if (id.isBlank()) {
            throw GridcastException.badRequest("client_msg_id is required");
        }
        maxChars("client_msg_id", id, NoticeLimits.MAX_CLIENT_MSG_ID_CHARS);
    }

    private static void checkAudience(PostNotice post) {
        switch (post.getAudienceCase()) {
            case UNIT -> {
                if (post.getUnit().isBlank()) {
                    throw GridcastException.badRequest("unit is empty");
                }
            }
            case TO -> checkRecipients(post.getTo().getMembersList());
            default -> throw GridcastException.badRequest("unit or recipients required");
        }
    }

    private static void checkRecipients(List<String> members) {
        if (members.isEmpty()) {
            throw GridcastException.badRequest("no recipients");
        }
        if (members.size() > NoticeLimits.MAX_RECIPIENTS) {
            throw GridcastException.limit(members.size() + " recipients, at most " + NoticeLimits.MAX_RECIPIENTS);
        }
        Set<String> seen = new HashSet<>();
        for (String member : members) {
            if (member.isBlank()) {
                throw GridcastException.badRequest("empty recipient");
            }
            if (!seen.add(member)) {
                throw GridcastException.badRequest("duplicate recipient " + member);
            }
        }
    }

    private static void checkBody(NoticeBody body) {
        if (body.getTitle().isBlank() && body.getText().isBlank()) {
            throw GridcastException.badRequest("title or text is required");
        }
        maxChars("title", body.getTitle(), NoticeLimits.MAX_TITLE_CHARS);
        maxChars("text", body.getText(), NoticeLimits.MAX_TEXT_CHARS);
        maxChars("category", body.getCategory(), NoticeLimits.MAX_CATEGORY_CHARS);
        if (body.getAttachmentsCount() > NoticeLimits.MAX_ATTACHMENTS) {
            throw GridcastException.limit(body.getAttachmentsCount() + " attachments, at most " + NoticeLimits.MAX_ATTACHMENTS);
        }
        for (String url : body.getAttachmentsList()) {
            maxChars("attachment", url, NoticeLimits.MAX_ATTACHMENT_CHARS);
            checkHttpUrl(url);
        }
    }

    private static void checkHttpUrl(String url) {
        if (!AttachmentUrl.isAllowed(url)) {
            throw GridcastException.badRequest("attachment must be an absolute http(s) URL");
        }
    }

    private static void maxChars(String field, String value, int max) {
        if (!TextLength.within(value, max)) {
            throw GridcastException.limit(field + " has " + TextLength.of(value) + " characters, at most " + max);
        }
    }
}
