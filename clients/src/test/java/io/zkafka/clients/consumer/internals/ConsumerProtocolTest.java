package io.zkafka.clients.consumer.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zkafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import io.zkafka.common.TopicPartition;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions of every version we read, assignments with and without the follow-up mark (read by
 * Kafka 3.9's consumer protocol too), and bad bytes refused with a reason.
 */
class ConsumerProtocolTest {
    private static final Subscription SUBSCRIPTION = new Subscription(List.of("orders", "payments"),
        List.of(new TopicPartition("orders", 3), new TopicPartition("payments", 0)), 12);
    private static final List<TopicPartition> PARTITIONS = List.of(new TopicPartition("orders", 3),
        new TopicPartition("orders", 5), new TopicPartition("payments", 0));
    /** int16 version | int32 topics | "orders" with 2 partitions | "payments" with 1. */
    private static final int PARTITIONS_END = 2 + 4 + (2 + 6 + 4 + 2 * 4) + (2 + 8 + 4 + 4);

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

    @Test
    void shouldRoundTripAMarkedAndAnUnmarkedAssignment() {
        for (boolean followUp : new boolean[] {true, false}) {
            ConsumerProtocol.Assignment assignment = new ConsumerProtocol.Assignment(PARTITIONS, followUp);
            assertEquals(assignment, ConsumerProtocol.readFullAssignment(ConsumerProtocol.assignment(assignment)));
        }
        assertEquals(PARTITIONS, ConsumerProtocol.readAssignment(ConsumerProtocol.assignment(
            new ConsumerProtocol.Assignment(PARTITIONS, true))));
    }

    @Test
    void shouldWriteTheMarkAsSixBytesOfUserData() {
        byte[] marked = ConsumerProtocol.assignment(new ConsumerProtocol.Assignment(PARTITIONS, true));
        ByteBuffer userData = ByteBuffer.wrap(marked, PARTITIONS_END, marked.length - PARTITIONS_END);
        assertEquals(6, userData.getInt());
        assertEquals(0x5A4B4652, userData.getInt());
        assertEquals(0, userData.get(), "mark version");
        assertEquals(1, userData.get(), "flags");
        assertFalse(userData.hasRemaining());
        byte[] plain = ConsumerProtocol.assignment(PARTITIONS);
        assertEquals(PARTITIONS_END + 4, plain.length);
        assertEquals(-1, ByteBuffer.wrap(plain).getInt(PARTITIONS_END));
    }

    @Test
    void shouldLetKafkasConsumerProtocolReadAMarkedAssignment() {
        byte[] marked = ConsumerProtocol.assignment(new ConsumerProtocol.Assignment(PARTITIONS, true));
        org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Assignment read =
            org.apache.kafka.clients.consumer.internals.ConsumerProtocol.deserializeAssignment(ByteBuffer.wrap(marked));
        assertEquals(PARTITIONS.stream().map(tp -> new org.apache.kafka.common.TopicPartition(tp.topic(),
            tp.partition())).toList(), read.partitions());
        ByteBuffer userData = read.userData();
        assertEquals(6, userData.remaining());
        assertEquals(0x5A4B4652, userData.getInt(userData.position()));
    }

    @Test
    void shouldReadKafkasAssignmentsAsUnmarkedWhateverTheirUserData() {
        List<org.apache.kafka.common.TopicPartition> kafkaPartitions = PARTITIONS.stream()
            .map(tp -> new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition())).toList();
        for (ByteBuffer userData : new ByteBuffer[] {null, ByteBuffer.allocate(0), ByteBuffer.wrap(new byte[] {1, 2}),
                ByteBuffer.wrap(new byte[] {0x5A, 0x4B, 0x46, 0x51, 0, 1})}) {
            ByteBuffer bytes = org.apache.kafka.clients.consumer.internals.ConsumerProtocol.serializeAssignment(
                new org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Assignment(kafkaPartitions, userData));
            byte[] array = new byte[bytes.remaining()];
            bytes.get(array);
            assertEquals(new ConsumerProtocol.Assignment(PARTITIONS, false), ConsumerProtocol.readFullAssignment(array),
                "user data " + userData);
        }
    }

    @Test
    void shouldRefuseEveryTruncationOfAMarkedAssignmentButAtTheEndOfItsPartitions() {
        byte[] bytes = ConsumerProtocol.assignment(new ConsumerProtocol.Assignment(PARTITIONS, true));
        for (int length = 1; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            if (length == PARTITIONS_END) {
                assertEquals(new ConsumerProtocol.Assignment(PARTITIONS, false),
                    ConsumerProtocol.readFullAssignment(truncated), "an assignment without user data");
            } else {
                assertThrows(IllegalArgumentException.class, () -> ConsumerProtocol.readFullAssignment(truncated),
                    "truncated to " + length);
            }
        }
    }

    @Test
    void shouldRefuseAMarkShorterThanItsLayout() {
        byte[] plain = ConsumerProtocol.assignment(PARTITIONS);
        byte[] shortMark = ByteBuffer.allocate(PARTITIONS_END + 4 + 5).put(plain, 0, PARTITIONS_END).putInt(5)
            .putInt(0x5A4B4652).put((byte) 0).array();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ConsumerProtocol.readFullAssignment(shortMark));
        assertEquals("A follow-up mark of 5 bytes, shorter than its 6", e.getMessage());
    }
}
