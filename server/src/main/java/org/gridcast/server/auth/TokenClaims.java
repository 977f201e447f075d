package org.gridcast.server.auth;

/**
 * What a verified token says.
 *
 * @param device the device the token is bound to; empty = any device (operator tools)
 */
public record TokenClaims(String member, String device, long issuedAtMs, long expiresAtMs) {
    /** True when a Login from {@code loginDevice} may use this token. */
    public boolean allowsDevice(String loginDevice) {
        return device.isEmpty() || device.equals(loginDevice);
    }
}
