package org.gridcast.server.it;

import java.util.List;
import org.gridcast.protocol.Confirm;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.Fetch;
import org.gridcast.protocol.GetReceipts;
import org.gridcast.protocol.GetUnread;
import org.gridcast.protocol.IssueInvite;
import org.gridcast.protocol.MarkRead;
import org.gridcast.protocol.MoveMember;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.protocol.PostNotice;
import org.gridcast.protocol.ReceiptList;
import org.gridcast.protocol.Recipients;
import org.gridcast.protocol.RemindUnread;

/** The request envelopes the core ITs send over raw sockets. */
final class Requests {
    private Requests() {
    }

    static NoticeBody body(String title) {
        return NoticeBody.newBuilder().setTitle(title).setText("请按时参加。").build();
    }

    static Envelope.Builder toUnit(String unit, NoticeBody body, String clientMsgId) {
        return Envelope.newBuilder().setPostNotice(PostNotice.newBuilder().setUnit(unit).setBody(body)
                .setClientMsgId(clientMsgId));
    }

    static Envelope.Builder toUnit(String unit, String title) {
        return toUnit(unit, body(title), title);
    }

    static Envelope.Builder toMembers(List<String> members, NoticeBody body, String clientMsgId) {
        return Envelope.newBuilder().setPostNotice(PostNotice.newBuilder()
                .setTo(Recipients.newBuilder().addAllMembers(members)).setBody(body).setClientMsgId(clientMsgId));
    }

    static Envelope.Builder fetch(String channel, long after, int limit) {
        return Envelope.newBuilder().setFetch(Fetch.newBuilder().setChannel(channel).setAfterSeq(after).setLimit(limit));
    }

    static Envelope.Builder markRead(String channel, long seq) {
        return Envelope.newBuilder().setMarkRead(MarkRead.newBuilder().setChannel(channel).setSeq(seq));
    }

    static Envelope.Builder confirm(String channel, long seq) {
        return Envelope.newBuilder().setConfirm(Confirm.newBuilder().setChannel(channel).setSeq(seq));
    }

    static Envelope.Builder unread() {
        return Envelope.newBuilder().setGetUnread(GetUnread.getDefaultInstance());
    }

    static Envelope.Builder receipts(String channel, long seq, ReceiptList list, String pageToken, int limit) {
        return Envelope.newBuilder().setGetReceipts(GetReceipts.newBuilder().setChannel(channel).setSeq(seq)
                .setList(list).setPageToken(pageToken).setLimit(limit));
    }

    static Envelope.Builder remind(String channel, long seq) {
        return Envelope.newBuilder().setRemindUnread(RemindUnread.newBuilder().setChannel(channel).setSeq(seq));
    }

    static Envelope.Builder move(String member, String toUnit) {
        return Envelope.newBuilder().setMoveMember(MoveMember.newBuilder().setMember(member).setToUnit(toUnit));
    }

    static Envelope.Builder invite(String unit, String name) {
        return Envelope.newBuilder().setIssueInvite(IssueInvite.newBuilder().setUnit(unit).setName(name));
    }
}
