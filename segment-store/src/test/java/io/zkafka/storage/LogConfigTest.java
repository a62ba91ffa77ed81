package io.zkafka.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LogConfigTest {

    @Test
    void shouldUseKafkaDefaults() {
        LogConfig config = LogConfig.defaults();
        assertEquals(1073741824, config.segmentBytes());
        assertEquals(604800000L, config.segmentMs());
        assertEquals(604800000L, config.retentionMs());
        assertEquals(-1L, config.retentionBytes());
        assertEquals(1048588, config.maxMessageBytes());
        assertEquals(4096, config.indexIntervalBytes());
        assertEquals(10485760, config.segmentIndexBytes());
        assertEquals(Long.MAX_VALUE, config.flushMessages());
        assertEquals(Long.MAX_VALUE, config.flushMs());
        assertTrue(config.deleteEnabled());
        assertFalse(config.compactEnabled());
        assertEquals(86400000L, config.deleteRetentionMs());
        assertEquals(0L, config.minCompactionLagMs());
        assertEquals(60000L, config.fileDeleteDelayMs());
        assertFalse(config.logAppendTime());
    }

    @Test
    void shouldApplyOverridesFromPropertiesAndMaps() {
        Properties props = new Properties();
        props.setProperty("segment.bytes", "1024");
        props.setProperty("cleanup.policy", "compact,delete");
        LogConfig config = LogConfig.of(props);
        assertEquals(1024, config.segmentBytes());
        assertTrue(config.compactEnabled());
        assertTrue(config.deleteEnabled());
        LogConfig topic = config.with(Map.of("retention.ms", 5, "message.timestamp.type", "LogAppendTime"));
        assertEquals(5L, topic.retentionMs());
        assertEquals(1024, topic.segmentBytes());
        assertTrue(topic.logAppendTime());
    }

    @Test
    void shouldNameTheKeyOfABadValue() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LogConfig.of(Map.of("segment.bytes", "lots")))
            .getMessage().contains("segment.bytes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LogConfig.of(Map.of("retention.ms", "-2")))
            .getMessage().contains("retention.ms"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LogConfig.of(Map.of("cleanup.policy", "shred")))
            .getMessage().contains("cleanup.policy"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> LogConfig.of(Map.of("message.timestamp.type", "Now"))).getMessage().contains("message.timestamp.type"));
    }

    @Test
    void shouldDescribeEveryKey() {
        String reference = LogConfig.describe();
        for (String key : LogConfig.defaults().values().keySet()) {
            assertTrue(reference.contains(key + " (default "), key);
        }
    }

    @Test
    void shouldMatchTheReadmeReference() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains(LogConfig.describe()), "README's configuration reference is stale");
    }
}
