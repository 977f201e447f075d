package org.gridcast.client.cli;

import java.util.List;
import java.util.Map;

/**
 * The options every command takes (where to connect and as whom). They may come before or after the
 * command. A new one is a line in {@link #ALL}, a field of {@link CommandContext.Globals} and a line
 * in {@link #globals}.
 */
final class GlobalOptions {

    /** Tokens are bound to a device; the CLI's tokens are issued for this one unless told otherwise. */
    static final String DEFAULT_DEVICE = "cli";

    static final List<Option> ALL = List.of(
            Option.value("--server").describe("the node's TCP address, HOST:PORT (IPv6 as [::1]:PORT)"),
            Option.value("--token").describe("bearer token (gridcast-server token); not needed by redeem"),
            Option.value("--device").describe("the device the token was issued for (default " + DEFAULT_DEVICE + ")"),
            Option.value("--cursors").describe("file keeping the delivered cursors of listen across runs"),
            Option.flag("--tls").describe("connect over TLS, trusting the platform's CAs"),
            Option.value("--tls-ca").describe("PEM file of the only CAs to trust; implies --tls"));

    private GlobalOptions() {
    }

    static boolean isGlobal(String name) {
        return ALL.stream().anyMatch(o -> o.name().equals(name));
    }

    /** Checks the given global options (name → value) and resolves the server address. */
    static CommandContext.Globals globals(Map<String, String> given, Command command) {
        String server = given.get("--server");
        if (server == null) {
            throw CliException.badArgs("missing --server HOST:PORT");
        }
        int colon = server.lastIndexOf(':');
        int port;
        try {
            port = colon > 0 ? Integer.parseInt(server.substring(colon + 1)) : -1;
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port <= 0 || port > 65535) {
            throw CliException.badArgs("--server must be HOST:PORT: " + server);
        }
        String token = given.get("--token");
        if (command.needsToken() && (token == null || token.isEmpty())) {
            throw CliException.badArgs("missing --token");
        }
        String host = server.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new CommandContext.Globals(host, port, token == null ? "" : token,
                given.getOrDefault("--device", DEFAULT_DEVICE), given.get("--cursors"),
                given.containsKey("--tls") || given.containsKey("--tls-ca"), given.get("--tls-ca"));
    }
}
