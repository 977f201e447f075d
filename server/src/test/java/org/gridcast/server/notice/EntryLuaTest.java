package org.gridcast.server.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridcast.server.redis.LuaScript;
import org.junit.jupiter.api.Test;

/**
 * The channel-entry scripts share one prelude: the varint helper is defined once, in
 * entry_lib.lua, and each script as sent to Redis is that library followed by its own file.
 * (That they run is shown by the script ITs, on one Redis and on a cluster.)
 */
class EntryLuaTest {
    private static final List<String> ENTRY_SCRIPTS = List.of("post_unit", "append", "inbox_copy");
    private static final Pattern VARINT = Pattern.compile("local function varint\\(");

    @Test
    void theVarintHelperIsDefinedOnlyInTheLibrary() throws IOException {
        assertThat(definitions(resource(EntryLua.LIBRARY))).isEqualTo(1);
        for (String name : ENTRY_SCRIPTS) {
            assertThat(definitions(resource(name))).as(name + ".lua").isZero();
            assertThat(resource(name)).as(name + ".lua uses it").contains("varint(");
        }
    }

    @Test
    void eachEntryScriptIsTheLibraryThenItsOwnFile() throws IOException {
        for (LuaScript script : List.of(new PostUnitScript().script(), new AppendScript().script(),
                new InboxCopyScript().script())) {
            assertThat(script.body()).isEqualTo(resource(EntryLua.LIBRARY) + "\n" + resource(script.name()));
            assertThat(definitions(script.body())).as(script.name()).isEqualTo(1);
        }
    }

    private static int definitions(String lua) {
        Matcher m = VARINT.matcher(lua);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = EntryLuaTest.class.getResourceAsStream("/lua/" + name + ".lua")) {
            assertThat(in).as(name + ".lua on the classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
