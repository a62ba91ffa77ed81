package io.zkafka.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.config.ConfigException;
import io.zkafka.config.KafkaConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the broker resolves offsets retention: Kafka's minutes, or the ms extension when given. */
class OffsetsRetentionConfigTest {

    @Test
    void shouldDefaultToKafkasSevenDays() {
        assertEquals(7L * 24 * 60 * 60 * 1000, config(Map.of()).offsetsRetentionMs());
    }

    @Test
    void shouldTakeMinutesAndLetMillisecondsOverrideThem() {
        assertEquals(5 * 60_000L, config(Map.of("offsets.retention.minutes", "5")).offsetsRetentionMs());
        assertEquals(1_500L, config(Map.of("offsets.retention.minutes", "5", "offsets.retention.ms", "1500"))
            .offsetsRetentionMs());
    }

    @Test
    void shouldRefuseANonPositiveRetentionNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> config(Map.of("offsets.retention.ms", "0")));
        assertTrue(e.getMessage().contains("offsets.retention.ms"), e.getMessage());
        assertThrows(ConfigException.class, () -> config(Map.of("offsets.retention.minutes", "0")));
        assertThrows(ConfigException.class, () -> config(Map.of("group.lag.refresh.interval.ms", "-1")));
    }

    private static KafkaConfig config(Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>(overrides);
        props.put("broker.id", "1");
        props.put("zookeeper.connect", "127.0.0.1:2181/zkafka");
        return new KafkaConfig(props);
    }
}
