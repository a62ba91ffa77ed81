package io.zkafka.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.AdminClientConfig;
import io.zkafka.clients.consumer.ConsumerConfig;
import io.zkafka.clients.consumer.OffsetResetStrategy;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerConfig;
import io.zkafka.common.config.ConfigDef;
import io.zkafka.common.config.ConfigException;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Our client configs use Kafka's key names and defaults, checked against Apache Kafka's own definitions. */
class ClientConfigTest {

    static Stream<Arguments> definitions() {
        return Stream.of(
            Arguments.of("producer", ProducerConfig.CONFIG,
                org.apache.kafka.clients.producer.ProducerConfig.configDef().defaultValues(),
                org.apache.kafka.clients.producer.ProducerConfig.configNames()),
            Arguments.of("consumer", ConsumerConfig.CONFIG,
                org.apache.kafka.clients.consumer.ConsumerConfig.configDef().defaultValues(),
                org.apache.kafka.clients.consumer.ConsumerConfig.configNames()),
            Arguments.of("admin", AdminClientConfig.CONFIG,
                org.apache.kafka.clients.admin.AdminClientConfig.configDef().defaultValues(),
                org.apache.kafka.clients.admin.AdminClientConfig.configNames()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("definitions")
    void shouldUseKafkasKeyNamesAndDefaults(String client, ConfigDef ours, Map<String, Object> kafkaDefaults,
                                             Set<String> kafkaNames) {
        for (ConfigDef.Key key : ours.keys()) {
            assertTrue(kafkaNames.contains(key.name()), client + " key " + key.name() + " is not one of Kafka's");
            if (!key.hasDefault()) {
                // required here; Kafka defaults bootstrap.servers to an empty list and then refuses it
                assertEquals("[]", String.valueOf(kafkaDefaults.get(key.name())), key.name());
                continue;
            }
            Object kafka = kafkaDefaults.get(key.name());
            // Kafka's class-typed lists print as "class a.B"; ours hold the same class names as strings
            assertEquals(String.valueOf(kafka).replace("class ", ""), String.valueOf(key.defaultValue()),
                client + " default of " + key.name());
        }
    }

    @Test
    void shouldParseStringsFromAPropertiesFile() {
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", "127.0.0.1:9092, 127.0.0.1:9093");
        props.setProperty("acks", "1");
        props.setProperty("linger.ms", "5");
        props.setProperty("compression.type", "lz4");
        ProducerConfig config = new ProducerConfig(props);
        assertEquals((short) 1, config.acks());
        assertEquals(5L, config.getLong(ProducerConfig.LINGER_MS_CONFIG));
        assertEquals(2, config.getList(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG).size());
        props.setProperty("acks", "all");
        assertEquals((short) -1, new ProducerConfig(props).acks());
    }

    @Test
    void shouldNameTheKeyOfABadValue() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ProducerConfig(
            Map.of("bootstrap.servers", "h:1", "acks", "2")));
        assertTrue(e.getMessage().contains("acks"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> new ConsumerConfig(
            Map.of("bootstrap.servers", "h:1", "max.poll.records", "many")));
        assertTrue(e.getMessage().contains("max.poll.records"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> new ConsumerConfig(Map.of()));
        assertTrue(e.getMessage().contains("bootstrap.servers"), e.getMessage());
    }

    @Test
    void shouldRefuseADeliveryTimeoutShorterThanLingerPlusRequestTimeout() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ProducerConfig(Map.of(
            "bootstrap.servers", "h:1", "delivery.timeout.ms", "1000", "request.timeout.ms", "2000")));
        assertTrue(e.getMessage().contains("delivery.timeout.ms"), e.getMessage());
    }

    @Test
    void shouldReadTheOffsetResetStrategy() {
        assertEquals(OffsetResetStrategy.LATEST, new ConsumerConfig(Map.of("bootstrap.servers", "h:1"))
            .offsetResetStrategy());
        assertEquals(OffsetResetStrategy.NONE, new ConsumerConfig(Map.of("bootstrap.servers", "h:1",
            "auto.offset.reset", "none")).offsetResetStrategy());
    }

    @Test
    void shouldRefuseABootstrapServerThatIsNotHostAndPort() {
        ConfigException e = assertThrows(ConfigException.class, () -> new KafkaProducer<byte[], byte[]>(Map.of(
            "bootstrap.servers", "localhost", "key.serializer", "io.zkafka.common.serialization.ByteArraySerializer",
            "value.serializer", "io.zkafka.common.serialization.ByteArraySerializer")));
        assertTrue(e.getMessage().contains("bootstrap.servers") && e.getMessage().contains("localhost"),
            e.getMessage());
    }

    @Test
    void shouldNameAMissingOrWrongSerializerClass() {
        ConfigException missing = assertThrows(ConfigException.class, () -> new KafkaProducer<byte[], byte[]>(Map.of(
            "bootstrap.servers", "127.0.0.1:1")));
        assertTrue(missing.getMessage().contains("key.serializer"), missing.getMessage());
        ConfigException wrong = assertThrows(ConfigException.class, () -> new KafkaProducer<byte[], byte[]>(Map.of(
            "bootstrap.servers", "127.0.0.1:1", "key.serializer", "java.lang.String",
            "value.serializer", "no.such.Class")));
        assertTrue(wrong.getMessage().contains("key.serializer"), wrong.getMessage());
    }
}
