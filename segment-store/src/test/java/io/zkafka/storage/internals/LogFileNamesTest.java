package io.zkafka.storage.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class LogFileNamesTest {

    @Test
    void shouldNameFilesByTheBaseOffsetInTwentyZeroPaddedDigits() {
        for (long offset : new long[] {0, 7, 42, 1_000_000, 123_456_789_012L, 9_999_999_999_999_999L, Long.MAX_VALUE}) {
            assertEquals(String.format("%020d", offset), LogFileNames.prefix(offset), "offset " + offset);
        }
        assertEquals("00000000000000000042", LogFileNames.prefix(42));
    }

    @Test
    void shouldParseAPartitionFolderWhoseTopicContainsDashes() {
        assertEquals(new TopicPartition("orders-eu-west", 12), LogFileNames.topicPartitionOf("orders-eu-west-12"));
    }

    @Test
    void shouldRefuseAFolderNameThatIsNotTopicDashPartition() {
        for (String bad : new String[] {"orders", "-3", "orders-", "orders-x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LogFileNames.topicPartitionOf(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void shouldNameSegmentFilesByTwentyDigitBaseOffsets() {
        assertEquals("00000000000000000042", LogFileNames.prefix(42));
        assertEquals(42, LogFileNames.baseOffsetOf("00000000000000000042.log.deleted"));
        assertEquals(-1, LogFileNames.baseOffsetOf("leader-epoch-checkpoint"));
    }
}
