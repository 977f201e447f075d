package org.gridcast.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CursorStoreTest {

    @TempDir
    Path dir;

    @Test
    void cursorsOnlyRise() {
        InMemoryCursorStore store = new InMemoryCursorStore();
        assertThat(store.delivered("u:a")).isEmpty();
        store.advance("u:a", 5);
        store.advance("u:a", 3);
        assertThat(store.delivered("u:a")).hasValue(5);
        store.advance("u:a", 6);
        assertThat(store.snapshot()).isEqualTo(Map.of("u:a", 6L));
    }

    @Test
    void fileStoreKeepsCursorsAcrossRestarts() throws Exception {
        Path file = dir.resolve("sub/cursors.txt");
        FileCursorStore store = FileCursorStore.open(file);
        store.advance("u:mg1", 12);
        store.advance("i:张三", 3);
        store.flush();

        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).containsExactly("i:张三 3", "u:mg1 12");
        FileCursorStore reopened = FileCursorStore.open(file);
        assertThat(reopened.snapshot()).isEqualTo(Map.of("u:mg1", 12L, "i:张三", 3L));
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("cursors.txt");
        }
    }

    @Test
    void fileStoreWritesOnlyOnFlush() throws Exception {
        Path file = dir.resolve("cursors.txt");
        FileCursorStore store = FileCursorStore.open(file);
        store.advance("u:a", 1);
        assertThat(file).doesNotExist();
        store.flush();
        assertThat(file).exists();
    }

    @Test
    void unreadableLinesAreSkipped() throws Exception {
        Path file = dir.resolve("cursors.txt");
        Files.write(file, List.of("u:a 4", "garbage", "u:b notanumber", "", "u:c 9"), StandardCharsets.UTF_8);
        assertThat(FileCursorStore.open(file).snapshot()).isEqualTo(Map.of("u:a", 4L, "u:c", 9L));
    }
}
