package io.zkafka.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.config.ConfigException;
import io.zkafka.common.security.JaasConfig;
import io.zkafka.common.security.SaslClientConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The broker's SASL keys: Kafka's lookup order per listener and mechanism, and bad values named at start-up. */
class SaslConfigTest {
    private static final String PLAIN_JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
        + "username=\"broker\" password=\"b s\\\"x\" user_broker=\"b s\\\"x\" user_alice=\"alice-secret\";";

    private static KafkaConfig config(Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>();
        props.put(KafkaConfig.BROKER_ID, "1");
        props.put(KafkaConfig.ZOOKEEPER_CONNECT, "127.0.0.1:2181");
        props.put(KafkaConfig.LISTENERS, "PLAINTEXT://127.0.0.1:9092,KAFKA://127.0.0.1:9192");
        props.put(KafkaConfig.LISTENER_SECURITY_PROTOCOL_MAP, "PLAINTEXT:SASL_SSL,KAFKA:SASL_PLAINTEXT");
        props.putAll(extra);
        return new KafkaConfig(props);
    }

    @Test
    void shouldReadKafkasKeysWithPerListenerOverrides() {
        KafkaConfig config = config(Map.of(KafkaConfig.SASL_JAAS_CONFIG, PLAIN_JAAS,
            "listener.name.kafka.sasl.enabled.mechanisms", "scram-sha-512",
            "listener.name.kafka.scram-sha-512.sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"k\" password=\"kp\";"));
        assertEquals(List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"), config.saslEnabledMechanisms("PLAINTEXT"));
        assertEquals(List.of("SCRAM-SHA-512"), config.saslEnabledMechanisms("KAFKA"));
        JaasConfig plain = config.saslJaasConfig("PLAINTEXT", "PLAIN");
        assertEquals("b s\"x", plain.options().get("password"));
        assertEquals("alice-secret", plain.options().get("user_alice"));
        assertEquals("ScramLoginModule", config.saslJaasConfig("KAFKA", "SCRAM-SHA-512").simpleModuleName());
        assertEquals(new SaslClientConfig("PLAIN", "broker", "b s\"x"), config.interBrokerSasl());
    }

    @Test
    void shouldNameTheKeyOfABadValue() {
        ConfigException gssapi = assertThrows(ConfigException.class,
            () -> config(Map.of(KafkaConfig.SASL_ENABLED_MECHANISMS, "GSSAPI")).saslEnabledMechanisms("KAFKA"));
        assertTrue(gssapi.getMessage().contains("sasl.enabled.mechanisms"), gssapi.getMessage());
        ConfigException jaas = assertThrows(ConfigException.class,
            () -> config(Map.of(KafkaConfig.SASL_JAAS_CONFIG, "PlainLoginModule required username=\"x\"")).saslJaasConfig(
                "KAFKA", "PLAIN"));
        assertTrue(jaas.getMessage().contains("sasl.jaas.config") && jaas.getMessage().contains("';'"), jaas.getMessage());
        assertTrue(!jaas.getMessage().contains("username=\"x\""), "the JAAS value (a secret) is not echoed");
        ConfigException notEnabled = assertThrows(ConfigException.class, () -> config(Map.of(
            KafkaConfig.SASL_JAAS_CONFIG, PLAIN_JAAS, "listener.name.plaintext.sasl.enabled.mechanisms", "SCRAM-SHA-256"))
            .interBrokerSasl());
        assertTrue(notEnabled.getMessage().contains("sasl.mechanism.inter.broker.protocol"), notEnabled.getMessage());
        ConfigException noLogin = assertThrows(ConfigException.class, () -> config(Map.of()).interBrokerSasl());
        assertTrue(noLogin.getMessage().contains("listener.name.plaintext.plain.sasl.jaas.config"), noLogin.getMessage());
        ConfigException wrongModule = assertThrows(ConfigException.class, () -> config(Map.of(
            KafkaConfig.SASL_MECHANISM_INTER_BROKER_PROTOCOL, "SCRAM-SHA-256", KafkaConfig.SASL_JAAS_CONFIG, PLAIN_JAAS))
            .interBrokerSasl());
        assertTrue(wrongModule.getMessage().contains("needs ScramLoginModule"), wrongModule.getMessage());
        assertNull(config(Map.of(KafkaConfig.LISTENER_SECURITY_PROTOCOL_MAP, "PLAINTEXT:PLAINTEXT,KAFKA:SASL_SSL"))
            .interBrokerSasl());
    }
}
