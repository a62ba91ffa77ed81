package io.zkafka.clients.consumer.internals;

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
 * Kafka's consumer protocol version 0, big-endian, string = int16 length + UTF-8:
 *
 * <pre>
 * subscription: int16 version=0 | int32 topic count | topic string ... | int32 user data length (-1) [| bytes]
 * assignment:   int16 version=0 | int32 topic count | per topic: string topic | int32 n | int32 partition x n
 *               | int32 user data length (-1) [| bytes]
 * </pre>
 * Newer versions append fields, which a version 0 reader ignores. Bad bytes fail with
 * {@link IllegalArgumentException} naming what is wrong.
 */
public final class ConsumerProtocol {
    public static final String PROTOCOL_TYPE = "consumer";

    private ConsumerProtocol() {
    }

    public static byte[] subscription(List<String> topics) {
        List<byte[]> names = topics.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
        int size = 2 + 4 + 4 + names.stream().mapToInt(n -> 2 + n.length).sum();
        ByteBuffer out = ByteBuffer.allocate(size).putShort((short) 0).putInt(names.size());
        names.forEach(n -> out.putShort((short) n.length).put(n));
        return out.putInt(-1).array();
    }

    public static List<String> readSubscription(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            readVersion(in);
            int count = count(in, 2, "topic");
            List<String> topics = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                topics.add(string(in));
            }
            return topics;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("Truncated consumer subscription", e);
        }
    }

    public static byte[] assignment(List<TopicPartition> partitions) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        partitions.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        int size = 2 + 4 + 4;
        for (Map.Entry<String, List<Integer>> e : byTopic.entrySet()) {
            size += 2 + e.getKey().getBytes(StandardCharsets.UTF_8).length + 4 + 4 * e.getValue().size();
        }
        ByteBuffer out = ByteBuffer.allocate(size).putShort((short) 0).putInt(byTopic.size());
        byTopic.forEach((topic, list) -> {
            byte[] name = topic.getBytes(StandardCharsets.UTF_8);
            out.putShort((short) name.length).put(name).putInt(list.size());
            list.forEach(out::putInt);
        });
        return out.putInt(-1).array();
    }

    public static List<TopicPartition> readAssignment(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return List.of();
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            readVersion(in);
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
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("Truncated consumer assignment", e);
        }
    }

    private static void readVersion(ByteBuffer in) {
        short version = in.getShort();
        if (version < 0) {
            throw new IllegalArgumentException("Negative consumer protocol version " + version);
        }
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
