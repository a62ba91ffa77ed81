package io.zkafka.clients.consumer.internals;

import io.zkafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import io.zkafka.common.TopicPartition;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes consumers put in JoinGroup (subscription) and SyncGroup (assignment), laid out as
 * Kafka's consumer protocol, big-endian, string = int16 length + UTF-8, bytes = int32 length (-1 null):
 *
 * <pre>
 * subscription v2 (written; v0 and v1 read):
 *   int16 version=2 | int32 topic count | string topic ...     | bytes user data (-1)
 *   v1+: | int32 owned topic count | per topic: string topic | int32 n | int32 partition x n
 *   v2+: | int32 generation (-1 unknown)
 * assignment v0:
 *   int16 version=0 | int32 topic count | per topic: string topic | int32 n | int32 partition x n
 *   | bytes user data (-1 unless marked)
 * user data of a marked assignment (a ZKafka leader's mark that a follow-up rebalance is coming):
 *   int32 magic=0x5A4B4652 ("ZKFR") | int8 mark version=0 | int8 flags (bit 0: follow-up rebalance)
 * </pre>
 * Newer versions append fields, which older readers ignore. Kafka's consumers read the mark as
 * opaque user data, which their assignors ignore; user data without the magic (another leader's)
 * is no mark. Bad bytes fail with {@link IllegalArgumentException} naming what is wrong.
 */
public final class ConsumerProtocol {
    public static final String PROTOCOL_TYPE = "consumer";

    private ConsumerProtocol() {
    }

    public static final short SUBSCRIPTION_VERSION = 2;
    static final int MARK_MAGIC = 0x5A4B4652;
    private static final int MARK_MAGIC_LENGTH = 4;
    private static final int MARK_VERSION_OFFSET = MARK_MAGIC_LENGTH;
    private static final int MARK_FLAGS_OFFSET = MARK_VERSION_OFFSET + 1;
    private static final int MARK_LENGTH = MARK_FLAGS_OFFSET + 1;
    private static final byte FOLLOW_UP_REBALANCE_FLAG = 1;

    /**
     * A member's synced assignment.
     *
     * @param followUpRebalance whether the leader marked it: another member must give partitions up
     *                          first, so a follow-up rebalance is certain
     */
    public record Assignment(List<TopicPartition> partitions, boolean followUpRebalance) {
        public Assignment {
            partitions = List.copyOf(partitions);
        }
    }

    /** A version 0 subscription: topics only. */
    public static byte[] subscription(List<String> topics) {
        return subscription(new Subscription(topics));
    }

    public static byte[] subscription(Subscription subscription) {
        List<byte[]> names = subscription.topics().stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
        byte[] owned = partitions(subscription.ownedPartitions());
        int size = 2 + 4 + names.stream().mapToInt(n -> 2 + n.length).sum() + 4 + owned.length + 4;
        ByteBuffer out = ByteBuffer.allocate(size).putShort(SUBSCRIPTION_VERSION).putInt(names.size());
        names.forEach(n -> out.putShort((short) n.length).put(n));
        return out.putInt(-1).put(owned).putInt(subscription.generationId()).array();
    }

    public static List<String> readSubscription(byte[] bytes) {
        return readFullSubscription(bytes).topics();
    }

    /** Topics and, from version 1, owned partitions and, from version 2, their generation. */
    public static Subscription readFullSubscription(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("A null consumer subscription");
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            short version = readVersion(in);
            int count = count(in, 2, "topic");
            List<String> topics = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                topics.add(string(in));
            }
            skipBytes(in);
            List<TopicPartition> owned = version >= 1 ? readPartitions(in) : List.of();
            int generation = version >= 2 ? in.getInt() : -1;
            return new Subscription(topics, owned, generation);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("Truncated consumer subscription", e);
        }
    }

    public static byte[] assignment(List<TopicPartition> partitions) {
        return assignment(new Assignment(partitions, false));
    }

    /** A version 0 assignment, its user data the follow-up mark when the assignment carries one. */
    public static byte[] assignment(Assignment assignment) {
        byte[] body = partitions(assignment.partitions());
        if (!assignment.followUpRebalance()) {
            return ByteBuffer.allocate(2 + body.length + 4).putShort((short) 0).put(body).putInt(-1).array();
        }
        return ByteBuffer.allocate(2 + body.length + 4 + MARK_LENGTH).putShort((short) 0).put(body)
            .putInt(MARK_LENGTH).putInt(MARK_MAGIC).put((byte) 0).put(FOLLOW_UP_REBALANCE_FLAG).array();
    }

    public static List<TopicPartition> readAssignment(byte[] bytes) {
        return readFullAssignment(bytes).partitions();
    }

    /** The partitions and whether the leader marked a follow-up rebalance; null or no bytes is an empty assignment. */
    public static Assignment readFullAssignment(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return new Assignment(List.of(), false);
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            readVersion(in);
            List<TopicPartition> partitions = readPartitions(in);
            return new Assignment(partitions, in.hasRemaining() && readFollowUpMark(in));
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("Truncated consumer assignment", e);
        }
    }

    private static boolean readFollowUpMark(ByteBuffer in) {
        int length = in.getInt();
        if (length < -1 || length > in.remaining()) {
            throw new IllegalArgumentException("User data of " + length + " bytes does not fit the " + in.remaining()
                + " bytes left");
        }
        if (length < MARK_MAGIC_LENGTH || in.getInt(in.position()) != MARK_MAGIC) {
            return false;
        }
        if (length < MARK_LENGTH) {
            throw new IllegalArgumentException("A follow-up mark of " + length + " bytes, shorter than its "
                + MARK_LENGTH);
        }
        return (in.get(in.position() + MARK_FLAGS_OFFSET) & FOLLOW_UP_REBALANCE_FLAG) != 0;
    }

    /** int32 topic count | per topic: string topic | int32 n | int32 partition x n. */
    private static byte[] partitions(List<TopicPartition> partitions) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        partitions.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        int size = 4;
        for (Map.Entry<String, List<Integer>> e : byTopic.entrySet()) {
            size += 2 + e.getKey().getBytes(StandardCharsets.UTF_8).length + 4 + 4 * e.getValue().size();
        }
        ByteBuffer out = ByteBuffer.allocate(size).putInt(byTopic.size());
        byTopic.forEach((topic, list) -> {
            byte[] name = topic.getBytes(StandardCharsets.UTF_8);
            out.putShort((short) name.length).put(name).putInt(list.size());
            list.forEach(out::putInt);
        });
        return out.array();
    }

    private static List<TopicPartition> readPartitions(ByteBuffer in) {
        int topics = count(in, 6, "topic");
        List<TopicPartition> partitions = new ArrayList<>();
        for (int i = 0; i < topics; i++) {
            String topic = string(in);
            int n = count(in, 4, "partition");
            for (int j = 0; j < n; j++) {
                partitions.add(new TopicPartition(topic, in.getInt()));
            }
        }
        return partitions;
    }

    private static void skipBytes(ByteBuffer in) {
        int length = in.getInt();
        if (length < -1 || length > in.remaining()) {
            throw new IllegalArgumentException("User data of " + length + " bytes does not fit the " + in.remaining()
                + " bytes left");
        }
        if (length > 0) {
            in.position(in.position() + length);
        }
    }

    private static short readVersion(ByteBuffer in) {
        short version = in.getShort();
        if (version < 0) {
            throw new IllegalArgumentException("Negative consumer protocol version " + version);
        }
        return version;
    }

    private static int count(ByteBuffer in, int minElementBytes, String what) {
        int count = in.getInt();
        if (count < 0 || (long) count * minElementBytes > in.remaining()) {
            throw new IllegalArgumentException("A " + what + " count of " + count + " does not fit the "
                + in.remaining() + " bytes left");
        }
        return count;
    }

    private static String string(ByteBuffer in) {
        short length = in.getShort();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("A string of " + length + " bytes does not fit the " + in.remaining()
                + " bytes left");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
