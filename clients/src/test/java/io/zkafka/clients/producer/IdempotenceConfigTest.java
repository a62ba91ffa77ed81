package io.zkafka.clients.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.config.ConfigException;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Kafka 3.x's idempotence rules, each one, and the same verdicts as Kafka's own ProducerConfig. */
class IdempotenceConfigTest {

    private static Map<String, Object> props(Object... keyValues) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", "127.0.0.1:9092");
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    @Test
    void shouldBeIdempotentByDefault() {
        ProducerConfig config = new ProducerConfig(props());
        assertTrue(config.idempotenceEnabled());
        assertNull(config.idempotenceDisabledReason());
        assertEquals((short) -1, config.acks());
        assertEquals(5, config.getInt(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION));
    }

    static Stream<Arguments> conflicts() {
        return Stream.of(
            Arguments.of("acks", "1"), Arguments.of("acks", "0"),
            Arguments.of("retries", "0"),
            Arguments.of("max.in.flight.requests.per.connection", "6"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("conflicts")
    void shouldQuietlyTurnOffWhenLeftUnsetAndAnotherSettingConflicts(String key, String value) {
        ProducerConfig config = new ProducerConfig(props(key, value));
        assertFalse(config.idempotenceEnabled());
        assertEquals(key + " is " + value, config.idempotenceDisabledReason());
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("conflicts")
    void shouldRefuseAConflictWhenSetToTrueNamingBothKeys(String key, String value) {
        ConfigException e = assertThrows(ConfigException.class,
            () -> new ProducerConfig(props("enable.idempotence", "true", key, value)));
        assertTrue(e.getMessage().contains(key) && e.getMessage().contains("enable.idempotence"), e.getMessage());
        assertTrue(e.getMessage().contains(value), e.getMessage());
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("conflicts")
    void shouldTakeTheConflictingSettingWhenTurnedOffExplicitly(String key, String value) {
        ProducerConfig config = new ProducerConfig(props("enable.idempotence", false, key, value));
        assertFalse(config.idempotenceEnabled());
        assertNull(config.idempotenceDisabledReason(), "the user turned it off: nothing to report");
    }

    @Test
    void shouldKeepIdempotenceAtExactlyFiveInFlight() {
        assertTrue(new ProducerConfig(props("max.in.flight.requests.per.connection", "5")).idempotenceEnabled());
        assertTrue(new ProducerConfig(props("enable.idempotence", "true", "acks", "-1", "retries", "1",
            "max.in.flight.requests.per.connection", "1")).idempotenceEnabled());
    }

    @Test
    void shouldRefuseATransactionalIdWithoutIdempotenceNamingBothKeys() {
        ConfigException off = assertThrows(ConfigException.class,
            () -> new ProducerConfig(props("transactional.id", "tx-1", "enable.idempotence", "false")));
        assertTrue(off.getMessage().contains("transactional.id") && off.getMessage().contains("enable.idempotence"),
            off.getMessage());
        ConfigException quietlyOff = assertThrows(ConfigException.class,
            () -> new ProducerConfig(props("transactional.id", "tx-1", "acks", "1")));
        assertTrue(quietlyOff.getMessage().contains("acks is 1"), quietlyOff.getMessage());
        assertTrue(new ProducerConfig(props("transactional.id", "tx-1")).idempotenceEnabled());
    }

    static Stream<Arguments> settings() {
        return Stream.of(
            Arguments.of(Map.of()),
            Arguments.of(Map.of("acks", "1")),
            Arguments.of(Map.of("acks", "0", "retries", "0")),
            Arguments.of(Map.of("retries", "0")),
            Arguments.of(Map.of("max.in.flight.requests.per.connection", "6")),
            Arguments.of(Map.of("max.in.flight.requests.per.connection", "5")),
            Arguments.of(Map.of("enable.idempotence", "true")),
            Arguments.of(Map.of("enable.idempotence", "true", "acks", "1")),
            Arguments.of(Map.of("enable.idempotence", "true", "retries", "0")),
            Arguments.of(Map.of("enable.idempotence", "true", "max.in.flight.requests.per.connection", "6")),
            Arguments.of(Map.of("enable.idempotence", "false", "acks", "0")),
            Arguments.of(Map.of("transactional.id", "t", "enable.idempotence", "false")),
            Arguments.of(Map.of("transactional.id", "t", "acks", "1")),
            Arguments.of(Map.of("transactional.id", "t")));
    }

    /** Kafka's ProducerConfig as the oracle: the same settings are refused, or give the same verdict. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void shouldDecideAsKafkaDoes(Map<String, String> settings) {
        Map<String, Object> ours = props();
        ours.putAll(settings);
        Map<String, Object> kafkas = new HashMap<>(ours);
        kafkas.put("key.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
        kafkas.put("value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
        Boolean kafkaVerdict;
        try {
            kafkaVerdict = new org.apache.kafka.clients.producer.ProducerConfig(kafkas)
                .getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
        } catch (org.apache.kafka.common.config.ConfigException e) {
            kafkaVerdict = null;
        }
        Boolean ourVerdict;
        try {
            ourVerdict = new ProducerConfig(ours).idempotenceEnabled();
        } catch (ConfigException e) {
            ourVerdict = null;
        }
        assertEquals(kafkaVerdict, ourVerdict, "null means refused");
    }
}
