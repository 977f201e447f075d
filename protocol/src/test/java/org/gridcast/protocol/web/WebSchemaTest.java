package org.gridcast.protocol.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WebSchemaTest {

    /** The module the H5 app imports; the protocol module's working directory is protocol/. */
    private static final Path COMMITTED = Path.of("..", "server", "src", "main", "resources", "web", "js", "schema.js");

    @Test
    void committedBrowserSchemaMatchesTheProtoFiles() throws Exception {
        String committed = Files.readString(COMMITTED, StandardCharsets.UTF_8);
        assertThat(committed)
                .as("web/js/schema.js is stale: run scripts/gen-web-schema.sh and commit it")
                .isEqualTo(WebSchema.render());
    }

    @Test
    void describesFieldsOneofsMapsAndEnumsExactly() {
        String schema = WebSchema.render();
        assertThat(schema).contains("[\"request_id\",2,\"uint64\",\"\",\"\",\"\"]");
        assertThat(schema).contains("[\"notice_push\",50,\"message\",\"\",\"NoticePush\",\"body\"]");
        assertThat(schema).contains("[\"channels\",2,\"message\",\"rm\",\"UnreadCounts.ChannelsEntry\",\"\"]");
        assertThat(schema).contains("[\"cursors\",3,\"message\",\"r\",\"Cursor\",\"\"]");
        assertThat(schema).contains("\"ReceiptList\": {\"RECEIPT_LIST_NONE\":0,\"READ\":1,\"UNREAD\":2,\"CONFIRMED\":3}");
        assertThat(schema).contains("[\"lat\",1,\"double\",\"\",\"\",\"\"]");
    }
}
