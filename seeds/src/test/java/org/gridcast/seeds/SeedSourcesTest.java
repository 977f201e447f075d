package org.gridcast.seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedSourcesTest {

    @Test
    void emptySpecMeansBuiltIn() {
        assertThat(SeedSources.open(null).name()).isEqualTo("builtin");
        assertThat(SeedSources.open("").name()).isEqualTo("builtin");
    }

    @Test
    void syntheticWithAndWithoutSeed() {
        SeedSource defaultSeed = SeedSources.open("synthetic:500");
        assertThat(defaultSeed.name()).isEqualTo("synthetic:500:1");
        assertThat(((SyntheticTown) defaultSeed).plan().residents()).isEqualTo(500);
        assertThat(SeedSources.open("synthetic:500:9").name()).isEqualTo("synthetic:500:9");
        assertThat(Collected.of(SeedSources.open("synthetic:500:9")))
                .isEqualTo(Collected.of(new SyntheticTown(500, 9)));
    }

    @Test
    void badSyntheticSpecIsRefused() {
        assertThatThrownBy(() -> SeedSources.open("synthetic:many")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SeedSources.open("synthetic:1:2:3")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anythingElseIsAFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("x.tsv"), "unit\tt\t-\tTOWN\t乔司街道\n");
        SeedSource source = SeedSources.open(file.toString());
        assertThat(source.name()).isEqualTo(file.toString());
        assertThat(Collected.of(source).units()).containsExactly(new SeedUnit("t", "", UnitKind.TOWN, "乔司街道"));
    }
}
