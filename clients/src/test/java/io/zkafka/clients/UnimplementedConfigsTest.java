package io.zkafka.clients;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.common.config.ConfigException;
import io.zkafka.common.serialization.StringDeserializer;
import io.zkafka.common.serialization.StringSerializer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kafka client settings ZKafka does not implement and that would change behaviour are errors naming the key. */
class UnimplementedConfigsTest {

    @Test
    void shouldRefuseProducerSettingsItWouldOtherwiseIgnore() {
        assertRefused("interceptor.classes", () -> new KafkaProducer<>(props("interceptor.classes", "com.example.Audit"),
            new StringSerializer(), new StringSerializer()));
        assertRefused("partitioner.class", () -> new KafkaProducer<>(props("partitioner.class",
            "org.apache.kafka.clients.producer.RoundRobinPartitioner"), new StringSerializer(), new StringSerializer()));
    }

    @Test
    void shouldRefuseConsumerSettingsItWouldOtherwiseIgnore() {
        assertRefused("interceptor.classes", () -> new KafkaConsumer<>(props("interceptor.classes", "com.example.Audit"),
            new StringDeserializer(), new StringDeserializer()));
        assertRefused("group.protocol", () -> new KafkaConsumer<>(props("group.protocol", "consumer"),
            new StringDeserializer(), new StringDeserializer()));
    }

    @Test
    void shouldAcceptEmptyValuesAndTheClassicProtocol() {
        new KafkaConsumer<>(props("group.protocol", "classic"), new StringDeserializer(), new StringDeserializer()).close();
        new KafkaProducer<>(props("interceptor.classes", ""), new StringSerializer(), new StringSerializer()).close();
    }

    private static Map<String, Object> props(String key, String value) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", "127.0.0.1:1");
        props.put(key, value);
        return props;
    }

    private static void assertRefused(String key, Runnable create) {
        ConfigException e = assertThrows(ConfigException.class, create::run);
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }
}
