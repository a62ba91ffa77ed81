package io.zkafka.tools.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicPartitionFilterTest {

    @Test
    void shouldMatchKafkasTopicPartitionPatterns() {
        TopicPartitionFilter filter = TopicPartitionFilter.ofPatterns("a:1,b:0-3,c,d:5-,e:-3,:7");
        assertTrue(filter.matches("a", 1));
        assertFalse(filter.matches("a", 2));
        assertTrue(filter.matches("b", 2));
        assertFalse(filter.matches("b", 3));
        assertTrue(filter.matches("c", 99));
        assertTrue(filter.matches("d", 5) && !filter.matches("d", 4));
        assertTrue(filter.matches("e", 2) && !filter.matches("e", 3));
        assertTrue(filter.matches("anything", 7));
        assertFalse(filter.matches("ab", 1), "the topic regex matches the whole name");
    }

    @Test
    void shouldMatchATopicRegexWithAPartitionList() {
        TopicPartitionFilter filter = TopicPartitionFilter.ofTopicAndPartitions("t.*", "0,2");
        assertTrue(filter.matches("topic", 0) && filter.matches("t", 2));
        assertFalse(filter.matches("topic", 1) || filter.matches("other", 0));
        assertTrue(TopicPartitionFilter.ofTopicAndPartitions(null, null).matches("x", 3));
    }

    @Test
    void shouldRefuseMalformedExpressions() {
        assertThrows(ToolException.class, () -> TopicPartitionFilter.ofPatterns("a:x"));
        assertThrows(ToolException.class, () -> TopicPartitionFilter.ofPatterns("a:-"));
        assertThrows(ToolException.class, () -> TopicPartitionFilter.ofPatterns("(:1"));
        assertThrows(ToolException.class, () -> TopicPartitionFilter.ofTopicAndPartitions("t", "1,x"));
    }

    @Test
    void shouldSplitConfigPairsOutsideBrackets() {
        assertEquals(Map.of("a", "1", "b", "x,y", "c", "3"), ConfigPairs.parseAdd("a=1,b=[x,y],c=3"));
        assertEquals(List.of("a", "b"), List.copyOf(ConfigPairs.parseDelete("a, b")));
        assertThrows(ToolException.class, () -> ConfigPairs.parseAdd("a"));
    }
}
