package io.zkafka.broker.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupRecordsTest {

    @Test
    void shouldRoundTripAnOffsetCommitKeyAndValue() {
        GroupRecords.Key key = GroupRecords.readKey(ByteBuffer.wrap(GroupRecords.offsetCommitKey("g", "orders", 7)));
        assertEquals(new GroupRecords.Key("g", "orders", 7), key);
        assertTrue(key.isOffsetCommit());
        GroupRecords.OffsetValue value = new GroupRecords.OffsetValue(42L, 3, "meta", 1_700_000_000_000L);
        assertEquals(value, GroupRecords.readOffsetValue(ByteBuffer.wrap(GroupRecords.offsetValue(value))));
    }

    @Test
    void shouldRoundTripGroupMetadataWithMembers() {
        GroupRecords.Key key = GroupRecords.readKey(ByteBuffer.wrap(GroupRecords.groupMetadataKey("g")));
        assertEquals("g", key.group());
        assertTrue(!key.isOffsetCommit());
        GroupRecords.GroupValue value = new GroupRecords.GroupValue("consumer", 5, "range", "m-1", 99L, List.of(
            new GroupRecords.MemberValue("m-1", null, "c-1", "/127.0.0.1", 300_000, 10_000, new byte[] {1, 2},
                new byte[] {3})));
        GroupRecords.GroupValue read = GroupRecords.readGroupValue(ByteBuffer.wrap(GroupRecords.groupValue(value)));
        assertEquals(List.of("consumer", 5, "range", "m-1", 99L), List.of(read.protocolType(), read.generation(),
            read.protocol(), read.leader(), read.stateTimestamp()));
        assertEquals("c-1", read.members().get(0).clientId());
        assertArrayEquals(new byte[] {1, 2}, read.members().get(0).subscription());
        assertArrayEquals(new byte[] {3}, read.members().get(0).assignment());
    }

    @Test
    void shouldRefuseTruncatedOrLyingRecordsWithANamedReason() {
        byte[] key = GroupRecords.offsetCommitKey("group", "topic", 1);
        for (int cut = 0; cut < key.length; cut++) {
            byte[] truncated = Arrays.copyOf(key, cut);
            assertThrows(IllegalArgumentException.class, () -> GroupRecords.readKey(ByteBuffer.wrap(truncated)));
        }
        byte[] value = GroupRecords.groupValue(new GroupRecords.GroupValue("consumer", 1, "range", "m", 0L, List.of()));
        ByteBuffer lying = ByteBuffer.wrap(value.clone());
        lying.putInt(value.length - 4, 1_000_000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GroupRecords.readGroupValue(lying));
        assertTrue(e.getMessage().contains("members"), e.getMessage());
    }

    @Test
    void shouldMapGroupsToPartitionsAsKafkaDoes() {
        assertEquals(Math.abs("my-group".hashCode()) % 50, OffsetsTopic.partitionFor("my-group", 50));
        // Kafka's Utils.abs maps Integer.MIN_VALUE to 0; "polygenelubricants" hashes to MIN_VALUE
        assertEquals(Integer.MIN_VALUE, "polygenelubricants".hashCode());
        assertEquals(0, OffsetsTopic.partitionFor("polygenelubricants", 50));
    }
}
