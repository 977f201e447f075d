package org.gridcast.seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeedFileTest {
    /** The documented line limit (SeedLines.MAX_LINE_BYTES). */
    private static final int MAX_LINE_BYTES = 4096;
    private static final String GOOD = """
            # a comment
            unit\tt\t-\tTOWN\t所前镇

            unit\tc\tt\tCOMMUNITY\t传芳村
            unit\tg\tc\tGRID\t第一网格\r
            unit\tm1\tg\tMICROGRID\t1号微网格
            unit\tm2\tg\tMICROGRID\t2号微网格
            member\tw\tg\tGRID_WORKER\t沈建国\t-
            member\tshop1\tm1\tRESIDENT\t周美华（周记面馆）\tshop
            residents\tg\t3\t2\t1
            """;

    @TempDir
    Path dir;

    @Test
    void readsUnitsMembersAndGeneratedResidents() throws IOException {
        Collected c = Collected.of(SeedFile.read(write("good.tsv", GOOD)));
        assertThat(c.units()).containsExactly(
                new SeedUnit("t", "", UnitKind.TOWN, "所前镇"),
                new SeedUnit("c", "t", UnitKind.COMMUNITY, "传芳村"),
                new SeedUnit("g", "c", UnitKind.GRID, "第一网格"),
                new SeedUnit("m1", "g", UnitKind.MICROGRID, "1号微网格"),
                new SeedUnit("m2", "g", UnitKind.MICROGRID, "2号微网格"));
        assertThat(c.members().subList(0, 2)).containsExactly(
                new SeedMember("w", "g", Role.GRID_WORKER, "沈建国", ""),
                new SeedMember("shop1", "m1", Role.RESIDENT, "周美华（周记面馆）", "shop"));
        // 3 registered over 2 micro-grids: 2 + 1; 2 floating: 1 + 1; 1 shop: 1 + 0
        assertThat(c.members().subList(2, c.members().size())).extracting(SeedMember::id, SeedMember::unit, SeedMember::tag)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("m1-r1", "m1", ""),
                        org.assertj.core.groups.Tuple.tuple("m1-r2", "m1", ""),
                        org.assertj.core.groups.Tuple.tuple("m1-f1", "m1", "floating"),
                        org.assertj.core.groups.Tuple.tuple("m1-s1", "m1", "shop"),
                        org.assertj.core.groups.Tuple.tuple("m2-r1", "m2", ""),
                        org.assertj.core.groups.Tuple.tuple("m2-f1", "m2", "floating"));
    }

    @Test
    void writeThenReadGivesTheSameHierarchy() throws IOException {
        SeedSource original = SeedFile.read(write("good.tsv", GOOD));
        Path copy = dir.resolve("copy.tsv");
        SeedFile.write(original, copy);
        assertThat(Collected.of(SeedFile.read(copy))).isEqualTo(Collected.of(original));
        assertThat(Files.readString(copy)).contains("member\tm1-f1\tm1\tRESIDENT\t").doesNotContain("residents");
    }

    @Test
    void builtInSeedsSurviveARoundTrip() {
        Path copy = dir.resolve("builtin.tsv");
        SeedFile.write(BuiltInSeeds.source(), copy);
        assertThat(Collected.of(SeedFile.read(copy))).isEqualTo(Collected.of(BuiltInSeeds.source()));
    }

    @Test
    void refusesToWriteAFieldWithATab() {
        SeedSource bad = new SeedSource() {
            @Override
            public String name() {
                return "bad";
            }

            @Override
            public void forEach(java.util.function.Consumer<SeedUnit> units, java.util.function.Consumer<SeedMember> members) {
                units.accept(new SeedUnit("t", "", UnitKind.TOWN, "a\tb"));
            }
        };
        assertThatThrownBy(() -> SeedFile.write(bad, dir.resolve("bad.tsv"))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bogus\tx                                  | 3 | unknown record 'bogus'",
        "unit\tx\tt\tCOMMUNITY                      | 3 | needs 5 tab-separated fields, found 4",
        "unit\tx\tnope\tCOMMUNITY\tX                | 3 | unknown parent nope",
        "unit\tx\tt\tVILLAGE\tX                     | 3 | unknown unit kind VILLAGE",
        "unit\tt\t-\tTOWN\tagain                    | 3 | duplicate unit t",
        "unit\tx y\tt\tGRID\tX                      | 3 | bad id 'x y'",
        "'unit\tx\tt\tGRID\t  '                     | 3 | name must have",
        "member\tp\tnope\tRESIDENT\t王芳\t-           | 3 | unknown unit nope",
        "member\tp\tm\tMAYOR\t王芳\t-                 | 3 | unknown role MAYOR",
        "member\tp\tm\tRESIDENT\t王芳                | 3 | needs 6 tab-separated fields, found 5",
        "member\tp\tm\tRESIDENT\t王芳\t-\\nunit\tz\tt\tGRID\tZ | 4 | unit after the first member",
        "residents\tm\t-1\t0\t0                     | 3 | count must be",
        "unit\tg\tt\tGRID\tG\\nresidents\tg\t1\t0\t0  | 4 | no micro-grid under g",
        // found by fuzzing: a 98-character micro-grid id made resident ids (id + "-r1") over 100
        "unit\txxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\tt\tMICROGRID\tX\\nresidents\txxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\t1\t0\t0 | 4 | leaves no room for generated ids (max 97 here)",
    })
    void rejectsABadLineWithItsNumber(String badLines, int line, String problem) throws IOException {
        String text = "unit\tt\t-\tTOWN\tT\nunit\tm\tt\tMICROGRID\tM\n" + badLines.replace("\\t", "\t").replace("\\n", "\n") + "\n";
        Path file = write("bad.tsv", text);
        assertThatThrownBy(() -> Collected.of(SeedFile.read(file)))
                .isInstanceOfSatisfying(SeedFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.getMessage()).startsWith(file + ":" + line + ": ").contains(problem);
                });
    }

    @Test
    void generatesResidentIdsOfExactlyTheIdLimit() throws IOException {
        String mg = "x".repeat(SeedParser.MAX_ID_LENGTH - "-r1".length());
        Path file = write("edge.tsv", "unit\tt\t-\tTOWN\tT\nunit\t" + mg + "\tt\tMICROGRID\tM\nresidents\t" + mg + "\t1\t0\t0\n");
        Collected read = Collected.of(SeedFile.read(file));
        assertThat(read.members()).extracting(SeedMember::id).containsExactly(mg + "-r1");
    }

    @Test
    void rejectsBytesThatAreNotUtf8WithTheirLineNumber() throws IOException {
        byte[] head = "unit\tt\t-\tTOWN\tT\r\nunit\tm\tt\tMICROGRID\tM\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {'u', 'n', 'i', 't', '\t', 'x', '\t', 't', '\t', 'G', 'R', 'I', 'D', '\t', (byte) 0xE6, (byte) 0x89};
        Path file = dir.resolve("latin.tsv");
        Files.write(file, concat(head, bad));
        assertThatThrownBy(() -> Collected.of(SeedFile.read(file)))
                .isInstanceOfSatisfying(SeedFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.getMessage()).isEqualTo(file + ":3: not UTF-8 text");
                });
    }

    @Test
    void rejectsALineOverTheLimitWithoutReadingItWhole() throws IOException {
        String name = "名".repeat(MAX_LINE_BYTES); // 3 bytes each: over the limit
        Path file = write("long.tsv", "unit\tt\t-\tTOWN\tT\n# " + name + "\n");
        assertThatThrownBy(() -> Collected.of(SeedFile.read(file)))
                .isInstanceOfSatisfying(SeedFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.getMessage()).isEqualTo(file + ":2: line longer than " + MAX_LINE_BYTES + " bytes");
                });
    }

    @Test
    void takesALineOfExactlyTheLimitAndAnyLineEnd() throws IOException {
        String comment = "#" + "x".repeat(MAX_LINE_BYTES - 1);
        Path file = write("ends.tsv", comment + "\runit\tt\t-\tTOWN\tT\r\nunit\tm\tt\tMICROGRID\tM");
        assertThat(Collected.of(SeedFile.read(file)).units()).extracting(SeedUnit::id).containsExactly("t", "m");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
