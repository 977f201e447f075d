package org.gridcast.server.notice;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.gridcast.protocol.ReceiptList;
import org.gridcast.protocol.Receipts;
import org.gridcast.server.GridcastException;

/**
 * Counts receipts and pages one of their lists, sorted by member id. The page token is opaque to
 * clients: the last member id of the previous page, base64url-encoded, so paging stays stable
 * while members read in between.
 */
final class ReceiptTally {
    private ReceiptTally() {
    }

    static Receipts tally(List<MemberReceipt> audience, ReceiptList list, String pageToken, int limit) {
        List<MemberReceipt> sorted = new ArrayList<>(audience);
        sorted.sort(Comparator.comparing(MemberReceipt::member));
        long read = sorted.stream().filter(MemberReceipt::read).count();
        long confirmed = sorted.stream().filter(MemberReceipt::confirmed).count();
        Receipts.Builder out = Receipts.newBuilder()
                .setMembers(sorted.size()).setRead(read).setUnread(sorted.size() - read).setConfirmed(confirmed);
        Predicate<MemberReceipt> wanted = switch (list) {
            case READ -> MemberReceipt::read;
            case UNREAD -> r -> !r.read();
            case CONFIRMED -> MemberReceipt::confirmed;
            default -> null;
        };
        if (wanted != null) {
            page(sorted, wanted, after(pageToken), limit, out);
        }
        return out.build();
    }

    private static void page(List<MemberReceipt> sorted, Predicate<MemberReceipt> wanted, String after, int limit,
                             Receipts.Builder out) {
        for (MemberReceipt r : sorted) {
            if (!wanted.test(r) || (after != null && r.member().compareTo(after) <= 0)) {
                continue;
            }
            if (out.getListCount() == limit) {
                out.setNextPageToken(token(out.getList(limit - 1)));
                return;
            }
            out.addList(r.member());
        }
    }

    static String token(String lastMember) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastMember.getBytes(StandardCharsets.UTF_8));
    }

    private static String after(String pageToken) {
        if (pageToken == null || pageToken.isEmpty()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(pageToken), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw GridcastException.badRequest("bad page token");
        }
    }
}
