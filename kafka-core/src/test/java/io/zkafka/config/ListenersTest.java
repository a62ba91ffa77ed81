package io.zkafka.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenersTest {
    private static final String MAP = "PLAINTEXT:PLAINTEXT,KAFKA:PLAINTEXT,EXTERNAL:PLAINTEXT,SSL:SSL,SASL:SASL_SSL,GSS:SASL_GSSAPI";

    @Test
    void shouldSplitTheNativeListenerFromTheKafkaOnes() {
        Listeners listeners = Listeners.parse("PLAINTEXT://127.0.0.1:9092, KAFKA://:9192,external://0.0.0.0:0",
            "EXTERNAL://kafka.example:19192", MAP, "PLAINTEXT");
        assertEquals(new Listeners.Listener("PLAINTEXT", "PLAINTEXT", "127.0.0.1", 9092, "127.0.0.1", null),
            listeners.nativeListener());
        assertEquals(List.of("KAFKA", "EXTERNAL"), listeners.kafkaListeners().stream().map(Listeners.Listener::name).toList());
        Listeners.Listener kafka = listeners.byName("KAFKA").orElseThrow();
        assertEquals("0.0.0.0", kafka.host());
        assertEquals("127.0.0.1", kafka.advertisedHost(), "a wildcard listener is advertised on the loopback address");
        assertNull(kafka.advertisedPort());
        Listeners.Listener external = listeners.byName("EXTERNAL").orElseThrow();
        assertEquals("kafka.example", external.advertisedHost());
        assertEquals(19192, external.advertisedPort());
        assertTrue(external.bindsAnyPort());
    }

    @Test
    void shouldServeTlsOnTheNativeListenerAndOnKafkaOnes() {
        Listeners listeners = Listeners.parse("SSL://127.0.0.1:9093,KAFKA://:9192", null,
            "SSL:SSL,KAFKA:ssl", "SSL");
        assertTrue(listeners.nativeListener().usesTls());
        assertEquals("SSL", listeners.byName("KAFKA").orElseThrow().securityProtocol());
        assertTrue(listeners.byName("KAFKA").orElseThrow().usesTls());
    }

    @Test
    void shouldRefuseWhatWouldSilentlyMisbehave() {
        assertRefused("listeners", "needs the native listener", () ->
            Listeners.parse("KAFKA://127.0.0.1:9192", null, MAP, "PLAINTEXT"));
        assertRefused("listeners", "twice", () ->
            Listeners.parse("PLAINTEXT://:9092,PLAINTEXT://:9093", null, MAP, "PLAINTEXT"));
        assertRefused("listeners", "NAME://host:port", () ->
            Listeners.parse("127.0.0.1:9092", null, MAP, "PLAINTEXT"));
        assertRefused("listeners", "port must be between", () ->
            Listeners.parse("PLAINTEXT://:70000", null, MAP, "PLAINTEXT"));
        assertRefused("advertised.listeners", "which listeners does not define", () ->
            Listeners.parse("PLAINTEXT://:9092", "KAFKA://h:9192", MAP, "PLAINTEXT"));
        assertRefused("listener.security.protocol.map", "no security protocol for listener OTHER", () ->
            Listeners.parse("PLAINTEXT://:9092,OTHER://:9192", null, MAP, "PLAINTEXT"));
        assertRefused("listener.security.protocol.map", "serves only", () ->
            Listeners.parse("PLAINTEXT://:9092,GSS://:9194", null, MAP, "PLAINTEXT"));
    }

    @Test
    void shouldServeSaslListenersWithTlsUnderSaslSsl() {
        Listeners listeners = Listeners.parse("PLAINTEXT://:9092,SASL://:9194,SSL://:9195", null,
            MAP + ",PLAIN_SASL:SASL_PLAINTEXT", "PLAINTEXT");
        Listeners.Listener saslSsl = listeners.byName("SASL").orElseThrow();
        assertTrue(saslSsl.usesSasl() && saslSsl.usesTls());
        Listeners.Listener ssl = listeners.byName("SSL").orElseThrow();
        assertTrue(ssl.usesTls() && !ssl.usesSasl());
        Listeners plainSasl = Listeners.parse("PLAIN_SASL://:9092", null, MAP + ",PLAIN_SASL:SASL_PLAINTEXT", "PLAIN_SASL");
        assertTrue(plainSasl.nativeListener().usesSasl() && !plainSasl.nativeListener().usesTls());
    }

    private static void assertRefused(String key, String reason, Runnable parse) {
        ConfigException e = assertThrows(ConfigException.class, parse::run);
        assertTrue(e.getMessage().contains(key) && e.getMessage().contains(reason), e.getMessage());
    }
}
