package org.gridcast.server.notice;

/** Whether one member of a notice's audience has read and confirmed it. */
public record MemberReceipt(String member, boolean read, boolean confirmed) {
}
