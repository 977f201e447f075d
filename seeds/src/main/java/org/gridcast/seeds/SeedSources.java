package org.gridcast.seeds;

import java.nio.file.Path;

/** Picks a seed source from a command-line spec. */
public final class SeedSources {
    public static final String SYNTHETIC = "synthetic:";
    /** Seed of the synthetic town when the spec names none. */
    public static final long DEFAULT_SYNTHETIC_SEED = 1;

    private SeedSources() {
    }

    /**
     * @param spec null or empty: the built-in seeds; {@code synthetic:N} or {@code synthetic:N:seed}:
     *             a {@link SyntheticTown} of N residents; anything else: a seed file path
     */
    public static SeedSource open(String spec) {
        if (spec == null || spec.isBlank()) {
            return BuiltInSeeds.source();
        }
        if (spec.startsWith(SYNTHETIC)) {
            String[] parts = spec.substring(SYNTHETIC.length()).split(":", -1);
            if (parts.length > 2) {
                throw new IllegalArgumentException("expected synthetic:N or synthetic:N:seed, got " + spec);
            }
            try {
                int residents = Integer.parseInt(parts[0]);
                long seed = parts.length == 2 ? Long.parseLong(parts[1]) : DEFAULT_SYNTHETIC_SEED;
                return new SyntheticTown(residents, seed);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected synthetic:N or synthetic:N:seed, got " + spec, e);
            }
        }
        return SeedFile.read(Path.of(spec));
    }
}
