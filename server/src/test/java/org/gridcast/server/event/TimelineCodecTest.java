package org.gridcast.server.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.gridcast.protocol.TimelineEntry;
import org.junit.jupiter.api.Test;

class TimelineCodecTest {
    private static final String PHOTO = "/media/" + "0f".repeat(32);

    @Test
    void aStepWithoutAPhotoIsStoredInItsFourColumnsAsBefore() {
        String stored = TimelineCodec.encode("ACCEPTED", "gw1", 1_700_000_000_123L, "已受理");
        assertThat(stored).isEqualTo("ACCEPTED\tgw1\t1700000000123\t已受理");
        assertThat(TimelineCodec.encode("ACCEPTED", "gw1", 1_700_000_000_123L, "已受理", "")).isEqualTo(stored);
        assertThat(TimelineCodec.decode(stored)).isEqualTo(TimelineEntry.newBuilder().setState("ACCEPTED").setActor("gw1")
                .setAtMs(1_700_000_000_123L).setNote("已受理").build());
    }

    @Test
    void aStepsPhotoIsAFifthColumnAndComesBack() {
        String stored = TimelineCodec.encode("RESOLVED", "gw1", 5L, "已更换灯泡", PHOTO);
        assertThat(stored).isEqualTo("RESOLVED\tgw1\t5\t已更换灯泡\t" + PHOTO);
        TimelineEntry entry = TimelineCodec.decode(stored);
        assertThat(entry.getNote()).isEqualTo("已更换灯泡");
        assertThat(entry.getPhoto()).isEqualTo(PHOTO);
    }

    @Test
    void tabsAndNewlinesInANoteCannotShiftThePhotoIntoAnotherColumn() {
        TimelineEntry entry = TimelineCodec.decode(TimelineCodec.encode("RESOLVED", "gw1", 5L, "换了\t灯泡\n和灯罩\t", PHOTO));
        assertThat(entry.getNote()).isEqualTo("换了 灯泡 和灯罩 ");
        assertThat(entry.getPhoto()).isEqualTo(PHOTO);
        TimelineEntry empty = TimelineCodec.decode(TimelineCodec.encode("RESOLVED", "gw1", 5L, "", PHOTO));
        assertThat(empty.getNote()).isEmpty();
        assertThat(empty.getPhoto()).isEqualTo(PHOTO);
    }

    @Test
    void entriesWrittenByTheLuaScriptsDecodeWithoutAPhoto() {
        // event_flag.lua appends "state \t system \t at \t flag:..." itself
        TimelineEntry flag = TimelineCodec.decode("SUBMITTED\tsystem\t42\tflag:red:acceptance");
        assertThat(flag.getNote()).isEqualTo("flag:red:acceptance");
        assertThat(flag.getPhoto()).isEmpty();
    }
}
