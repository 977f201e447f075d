package org.gridcast.seeds;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Fuzzes {@link SeedFile#parse}: arbitrary bytes as a seed file. Invariants: parsing ends either
 * normally or with {@link SeedFormatException} naming the source and a line that exists (never
 * another exception); every unit comes after its parent and every member after its unit, with
 * ids, names and tags within the format's limits. The consumer stops a file after
 * {@link #MEMBER_BUDGET} members: one {@code residents} line may legitimately generate millions,
 * which is the importer's business, not the parser's.
 *
 * <p>Without JAZZER_FUZZ the inputs under {@code SeedFileFuzzTestInputs/} replay as ordinary
 * tests; {@code scripts/fuzz.sh seeds} fuzzes.
 */
class SeedFileFuzzTest {
    private static final String SOURCE = "fuzz.tsv";
    private static final int MEMBER_BUDGET = 200;

    @FuzzTest(maxDuration = "10m")
    void arbitraryFile(byte[] file) throws IOException {
        Set<String> units = new HashSet<>();
        int[] members = {0};
        try {
            SeedFile.parse(SOURCE, new ByteArrayInputStream(file), unit -> {
                check(SeedParser.ID.matcher(unit.id()).matches(), "unit id", unit);
                check(unit.parent().isEmpty() || units.contains(unit.parent()), "parent first", unit);
                check(validName(unit.name()), "unit name", unit);
                check(units.add(unit.id()), "unit ids are unique", unit);
            }, member -> {
                check(SeedParser.ID.matcher(member.id()).matches(), "member id", member);
                check(units.contains(member.unit()), "member's unit first", member);
                check(validName(member.name()), "member name", member);
                check(member.tag().length() <= SeedParser.MAX_NAME_LENGTH, "tag length", member);
                if (++members[0] == MEMBER_BUDGET) {
                    throw new OverBudget();
                }
            });
        } catch (SeedFormatException e) {
            assertThat(e.source()).isEqualTo(SOURCE);
            assertThat(e.line()).isBetween(1, lineCount(file));
            assertThat(e.getMessage()).startsWith(SOURCE + ":" + e.line() + ": ").hasSizeGreaterThan(SOURCE.length() + 4);
        } catch (OverBudget enough) {
            // a generated crowd: parsed correctly as far as it went
        }
    }

    private static boolean validName(String name) {
        return !name.isBlank() && name.length() <= SeedParser.MAX_NAME_LENGTH;
    }

    /** Plain checks, not AssertJ: they run for every generated member, and speed is executions. */
    private static void check(boolean ok, String what, Object record) {
        if (!ok) {
            throw new AssertionError(what + ": " + record);
        }
    }

    /** Lines as SeedLines splits them: ends are LF, CR LF or CR; a last line needs no end. */
    private static int lineCount(byte[] file) {
        int lines = 0;
        for (int i = 0; i < file.length; i++) {
            if (file[i] == '\r' && i + 1 < file.length && file[i + 1] == '\n') {
                i++;
            }
            if (file[i] == '\n' || file[i] == '\r') {
                lines++;
            }
        }
        boolean lastUnended = file.length > 0 && file[file.length - 1] != '\n' && file[file.length - 1] != '\r';
        return lines + (lastUnended ? 1 : 0);
    }

    private static final class OverBudget extends RuntimeException {
        OverBudget() {
            super("member budget reached", null, false, false);
        }
    }
}
