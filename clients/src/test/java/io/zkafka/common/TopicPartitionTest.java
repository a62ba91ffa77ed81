package io.zkafka.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopicPartitionTest {
    @Test
    void shouldGiveNumberedTopicsAndTheirPartitionsDistinctHashes() {
        Set<Integer> hashes = new HashSet<>();
        for (int t = 0; t < 100; t++) {
            for (int p = 0; p < 100; p++) {
                hashes.add(new TopicPartition(String.format("scale-%03d", t), p).hashCode());
            }
        }
        // 31 * hash(topic) + partition gave these 10,000 partitions about 3,800 hashes
        assertTrue(hashes.size() > 9_990, hashes.size() + " distinct hashes of 10,000 partitions");
    }

    @Test
    void shouldHashEqualPartitionsAlike() {
        assertEquals(new TopicPartition("t", 3), new TopicPartition("t", 3));
        assertEquals(new TopicPartition("t", 3).hashCode(), new TopicPartition("t", 3).hashCode());
        assertEquals(new TopicPartition(new String("t"), 3), new TopicPartition("t", 3), "equal names, not the same string");
        assertNotEquals(new TopicPartition("t", 3), new TopicPartition("t", 4));
        assertNotEquals(new TopicPartition("t", 3), new TopicPartition("u", 3));
        assertNotEquals(new TopicPartition("t", 3), "t-3");
        assertNotEquals(new TopicPartition("t", 3), null);
        assertEquals("t-3", new TopicPartition("t", 3).toString());
    }
}
