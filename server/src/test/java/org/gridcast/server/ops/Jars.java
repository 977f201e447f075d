package org.gridcast.server.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The packaged jars of the operator contract. Failsafe runs after {@code package}, so under
 * {@code mvn verify} they exist; a test run from an IDE without them is skipped.
 */
final class Jars {
    static final String SERVER = "server/target/gridcast-server.jar";
    static final String CLI = "client/target/gridcast-cli.jar";

    private Jars() {
    }

    /** The project root: the first directory up from the working directory that holds both jars. */
    static Optional<Path> root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(SERVER)) && Files.isRegularFile(dir.resolve(CLI))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }
}
