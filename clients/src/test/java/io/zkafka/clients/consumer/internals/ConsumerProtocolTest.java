package io.zkafka.clients.consumer.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zkafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import io.zkafka.common.TopicPartition;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Subscriptions of every version we read, and bad bytes refused with a reason. */
class ConsumerProtocolTest {
    private static final Subscription SUBSCRIPTION = new Subscription(List.of("orders", "payments"),
        List.of(new TopicPartition("orders", 3), new TopicPartition("payments", 0)), 12);

    @Test
    void shouldRoundTripAVersionTwoSubscription() {
        assertEquals(SUBSCRIPTION, ConsumerProtocol.readFullSubscription(ConsumerProtocol.subscription(SUBSCRIPTION)));
    }

    @Test
    void shouldReadAVersionZeroSubscriptionWithoutOwnership() {
        byte[] v0 = ByteBuffer.allocate(2 + 4 + 2 + 1 + 4).putShort((short) 0).putInt(1).putShort((short) 1)
            .put((byte) 't').putInt(-1).array();
        assertEquals(new Subscription(List.of("t"), List.of(), -1), ConsumerProtocol.readFullSubscription(v0));
    }

    @Test
    void shouldSkipUserData() {
        byte[] withUserData = ByteBuffer.allocate(2 + 4 + 2 + 1 + 4 + 3 + 4 + 4).putShort((short) 2).putInt(1)
            .putShort((short) 1).put((byte) 't').putInt(3).put(new byte[] {9, 9, 9}).putInt(0).putInt(4).array();
        assertEquals(new Subscription(List.of("t"), List.of(), 4), ConsumerProtocol.readFullSubscription(withUserData));
    }

    @Test
    void shouldRefuseEveryTruncationWithIllegalArgumentException() {
        byte[] bytes = ConsumerProtocol.subscription(SUBSCRIPTION);
        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThrows(IllegalArgumentException.class, () -> ConsumerProtocol.readFullSubscription(truncated),
                "truncated to " + length);
        }
    }

    @Test
    void shouldRefuseCountsThatDoNotFitTheBytes() {
        byte[] lying = ByteBuffer.allocate(10).putShort((short) 2).putInt(Integer.MAX_VALUE).putInt(0).array();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ConsumerProtocol.readFullSubscription(lying));
        assertEquals("A topic count of 2147483647 does not fit the 4 bytes left", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConsumerProtocol.readFullSubscription(null));
    }
}
