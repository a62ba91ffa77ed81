package io.zkafka.clients;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.errors.SerializationException;
import io.zkafka.common.serialization.ByteArrayDeserializer;
import io.zkafka.common.serialization.ByteArraySerializer;
import io.zkafka.common.serialization.IntegerDeserializer;
import io.zkafka.common.serialization.IntegerSerializer;
import io.zkafka.common.serialization.LongDeserializer;
import io.zkafka.common.serialization.LongSerializer;
import io.zkafka.common.serialization.StringDeserializer;
import io.zkafka.common.serialization.StringSerializer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Our serializers write the bytes Kafka's write, so either side reads the other's records. */
class SerializersTest {
    private static final String TOPIC = "t";

    @Test
    void shouldWriteLongsAsKafkaDoesAndReadThemBack() {
        Random random = new Random(1);
        org.apache.kafka.common.serialization.LongSerializer kafka = new org.apache.kafka.common.serialization.LongSerializer();
        for (int i = 0; i < 1000; i++) {
            long value = i < 3 ? new long[] {0L, Long.MIN_VALUE, Long.MAX_VALUE}[i] : random.nextLong();
            byte[] ours = new LongSerializer().serialize(TOPIC, value);
            assertArrayEquals(kafka.serialize(TOPIC, value), ours);
            assertEquals(value, new LongDeserializer().deserialize(TOPIC, ours));
        }
        assertNull(new LongSerializer().serialize(TOPIC, null));
        assertNull(new LongDeserializer().deserialize(TOPIC, null));
    }

    @Test
    void shouldWriteIntegersAsKafkaDoesAndReadThemBack() {
        Random random = new Random(2);
        org.apache.kafka.common.serialization.IntegerSerializer kafka =
            new org.apache.kafka.common.serialization.IntegerSerializer();
        for (int i = 0; i < 1000; i++) {
            int value = i == 0 ? Integer.MIN_VALUE : random.nextInt();
            byte[] ours = new IntegerSerializer().serialize(TOPIC, value);
            assertArrayEquals(kafka.serialize(TOPIC, value), ours);
            assertEquals(value, new IntegerDeserializer().deserialize(TOPIC, ours));
        }
    }

    @Test
    void shouldWriteStringsAsUtf8() {
        String text = "héllo wörld \uD83D\uDE00";
        byte[] ours = new StringSerializer().serialize(TOPIC, text);
        assertArrayEquals(new org.apache.kafka.common.serialization.StringSerializer().serialize(TOPIC, text), ours);
        assertEquals(text, new StringDeserializer().deserialize(TOPIC, ours));
        assertNull(new StringSerializer().serialize(TOPIC, null));
    }

    @Test
    void shouldPassBytesThrough() {
        byte[] bytes = {1, 2, 3};
        assertArrayEquals(bytes, new ByteArraySerializer().serialize(TOPIC, bytes));
        assertArrayEquals(bytes, new ByteArrayDeserializer().deserialize(TOPIC, bytes));
    }

    @Test
    void shouldRefuseBytesOfTheWrongSizeNamingTheTopic() {
        SerializationException e = assertThrows(SerializationException.class,
            () -> new LongDeserializer().deserialize("orders", new byte[3]));
        assertTrue(e.getMessage().contains("orders") && e.getMessage().contains("3 bytes"), e.getMessage());
        assertThrows(SerializationException.class, () -> new IntegerDeserializer().deserialize(TOPIC, new byte[5]));
    }
}
