package org.gridcast.loadtest.gridcast;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.gridcast.server.auth.Secret;
import org.gridcast.server.auth.TokenService;

/**
 * Real login tokens for the load test's members, minted with the server's own
 * {@link TokenService} and the server's secret file, exactly as the server's {@code token}
 * command does.
 */
public final class Tokens {
    private final TokenService service;

    private Tokens(TokenService service) {
        this.service = service;
    }

    /** Refuses a missing file: creating one would sign tokens the server rejects. */
    public static Tokens fromSecretFile(Path secret) throws IOException {
        if (!Files.isRegularFile(secret)) {
            throw new IOException("no server secret at " + secret + " (pass the server's --server-data DIR)");
        }
        return new Tokens(new TokenService(Secret.loadOrCreate(secret), Clock.systemUTC()));
    }

    public String issue(String member, String device) {
        return service.issue(member, device);
    }
}
