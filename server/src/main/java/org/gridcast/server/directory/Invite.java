package org.gridcast.server.directory;

/**
 * A redeemed invite: join micro-grid {@code unit} as {@code name}, or (when {@code member} is
 * not empty) sign in as that existing member. {@code issuer} is the member who issued it and
 * {@code issuerRole} their role then (empty for invites stored before roles were recorded).
 */
public record Invite(String code, String unit, String name, String member, String issuer, String issuerRole,
                     long expiresAtMs) {

    /** What the issuer gets back: the code to hand over and when it stops working. */
    public record Issued(String code, long expiresAtMs) {
    }
}
