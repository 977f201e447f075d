package org.gridcast.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void quotesAndBackslashesAreEscaped() {
        assertThat(Json.quote("say \"hi\" \\ bye")).isEqualTo("\"say \\\"hi\\\" \\\\ bye\"");
    }

    @Test
    void controlCharactersAreEscaped() {
        assertThat(Json.quote("a\nb\rc\td\be\ff")).isEqualTo("\"a\\nb\\rc\\td\\be\\ff\"");
        assertThat(Json.quote("\u0000\u001f\u007f")).isEqualTo("\"\\u0000\\u001f\\u007f\"");
    }

    @Test
    void chineseAndEmojiStayAsTheyAre() {
        assertThat(Json.quote("所前镇 航海路社区 🏠")).isEqualTo("\"所前镇 航海路社区 🏠\"");
        assertThat(Json.quote("/ < > &")).isEqualTo("\"/ < > &\"");
    }

    @Test
    void loneSurrogatesAreEscapedBecauseUtf8CannotCarryThem() {
        assertThat(Json.quote("a\ud83db")).isEqualTo("\"a\\ud83db\"");
        assertThat(Json.quote("\udc00")).isEqualTo("\"\\udc00\"");
    }

    @Test
    void objectsKeepKeyOrderAndTypes() {
        Map<String, Long> channels = new LinkedHashMap<>();
        channels.put("u:1", 2L);
        channels.put("i:\"x\"", 3L);
        String json = Json.object().put("channel", "u:mg1").put("seq", 42).put("duplicate", false)
                .raw("list", Json.array(List.of("m1", "王"))).raw("channels", Json.numbers(channels)).toString();
        assertThat(json).isEqualTo(
                "{\"channel\":\"u:mg1\",\"seq\":42,\"duplicate\":false,\"list\":[\"m1\",\"王\"],\"channels\":{\"u:1\":2,\"i:\\\"x\\\"\":3}}");
        assertThat(Json.object().toString()).isEqualTo("{}");
        assertThat(Json.array(List.of())).isEqualTo("[]");
    }
}
