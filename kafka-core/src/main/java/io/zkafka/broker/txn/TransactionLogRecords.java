package io.zkafka.broker.txn;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.record.Varint;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The records of {@code __transaction_state}, in Kafka's format (its {@code TransactionLogKey} v0
 * and {@code TransactionLogValue} v0 and v1), so Kafka's tools can read them and this coordinator
 * can read Kafka's. One key per transactional id: compaction keeps its newest state, and a null
 * value (tombstone) removes an expired id. Big-endian; a string is {@code int16 length + UTF-8}.
 *
 * <pre>
 * key (version 0)
 * +---------+-----------------+
 * | int16 0 | transactional id|
 * |         | string          |
 * +---------+-----------------+
 *
 * value (version 0, written)
 * +---------+-------------+----------------+------------+-------------+
 * | int16 0 | producer id | producer epoch | timeout ms | state       |
 * |         | int64       | int16          | int32      | int8 (id)   |
 * +---------+-------------+----------------+------------+-------------+
 * | partitions: int32 topic count (-1 null), each: string topic | int32 n | n x int32 |
 * +--------------------------------------+-------------------------------------------+
 * | last update timestamp ms int64       | transaction start timestamp ms int64      |
 * +--------------------------------------+-------------------------------------------+
 * </pre>
 *
 * Version 1 (Kafka's first flexible version, KIP-915) has the same fields with compact lengths
 * (unsigned varint of length + 1, 0 for null) and tagged fields (previous producer id, next
 * producer id, client transaction version) after each struct; they are read and skipped. An Empty
 * transactional id is written with null partitions, as Kafka does; topics and partitions are written
 * in order. Reading checks every length and fails with {@link IllegalArgumentException} naming what
 * is wrong.
 */
public final class TransactionLogRecords {
    static final short KEY_VERSION = 0;
    static final short VALUE_VERSION = 0;
    static final short FLEXIBLE_VALUE_VERSION = 1;

    private TransactionLogRecords() {
    }

    /** One transactional id's state as the log holds it; {@code partitions} is empty when none are listed. */
    public record Value(long producerId, short producerEpoch, int transactionTimeoutMs, TransactionState state,
                        Set<TopicPartition> partitions, long lastUpdateTimestampMs, long startTimestampMs) {
        public Value {
            partitions = Set.copyOf(partitions);
        }
    }

    public static byte[] key(String transactionalId) {
        byte[] id = utf8(transactionalId);
        ByteBuffer buffer = ByteBuffer.allocate(2 + 2 + id.length);
        buffer.putShort(KEY_VERSION).putShort((short) id.length).put(id);
        return buffer.array();
    }

    public static String readKey(ByteBuffer key) {
        ByteBuffer in = key.duplicate();
        try {
            short version = in.getShort();
            if (version != KEY_VERSION) {
                throw new IllegalArgumentException("Unknown transaction log key version " + version);
            }
            String id = readString(in);
            if (id == null || in.hasRemaining()) {
                throw new IllegalArgumentException("A transaction log key with " + (id == null ? "a null id"
                    : in.remaining() + " bytes after the id"));
            }
            return id;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("A transaction log key ends early (" + key.remaining() + " bytes)");
        }
    }

    public static byte[] value(Value value) {
        Map<String, List<Integer>> topics = new TreeMap<>();
        value.partitions().stream().sorted(Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition))
            .forEach(tp -> topics.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        boolean nullPartitions = value.state() == TransactionState.EMPTY;
        int size = 2 + 8 + 2 + 4 + 1 + 4 + 8 + 8;
        if (!nullPartitions) {
            for (Map.Entry<String, List<Integer>> topic : topics.entrySet()) {
                size += 2 + utf8(topic.getKey()).length + 4 + 4 * topic.getValue().size();
            }
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putShort(VALUE_VERSION).putLong(value.producerId()).putShort(value.producerEpoch())
            .putInt(value.transactionTimeoutMs()).put(value.state().id);
        if (nullPartitions) {
            out.putInt(-1);
        } else {
            out.putInt(topics.size());
            topics.forEach((topic, partitions) -> {
                byte[] name = utf8(topic);
                out.putShort((short) name.length).put(name).putInt(partitions.size());
                partitions.forEach(out::putInt);
            });
        }
        out.putLong(value.lastUpdateTimestampMs()).putLong(value.startTimestampMs());
        return out.array();
    }

    public static Value readValue(ByteBuffer value) {
        ByteBuffer in = value.duplicate();
        try {
            short version = in.getShort();
            if (version != VALUE_VERSION && version != FLEXIBLE_VALUE_VERSION) {
                throw new IllegalArgumentException("Unknown transaction log value version " + version);
            }
            boolean flexible = version == FLEXIBLE_VALUE_VERSION;
            long producerId = in.getLong();
            short epoch = in.getShort();
            int timeoutMs = in.getInt();
            TransactionState state = TransactionState.forId(in.get());
            Set<TopicPartition> partitions = new TreeSet<>(Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition));
            int topics = flexible ? Varint.readUnsignedVarint(in) - 1 : in.getInt();
            checkCount(topics, in, "topic");
            for (int t = 0; t < topics; t++) {
                String topic = flexible ? readCompactString(in) : readString(in);
                if (topic == null) {
                    throw new IllegalArgumentException("A null topic in a transaction log value");
                }
                int count = flexible ? Varint.readUnsignedVarint(in) - 1 : in.getInt();
                checkCount(count, in, "partition");
                for (int p = 0; p < count; p++) {
                    partitions.add(new TopicPartition(topic, in.getInt()));
                }
                if (flexible) {
                    skipTaggedFields(in);
                }
            }
            long lastUpdate = in.getLong();
            long start = in.getLong();
            if (flexible) {
                skipTaggedFields(in);
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes after a transaction log value");
            }
            return new Value(producerId, epoch, timeoutMs, state, partitions, lastUpdate, start);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("A transaction log value ends early (" + value.remaining() + " bytes)");
        }
    }

    private static void checkCount(int count, ByteBuffer in, String what) {
        if (count > in.remaining() / 4) {
            throw new IllegalArgumentException("A " + what + " count of " + count + " with " + in.remaining()
                + " bytes left");
        }
    }

    private static byte[] utf8(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("A string of " + bytes.length + " bytes is too long for the log");
        }
        return bytes;
    }

    private static String readString(ByteBuffer in) {
        short length = in.getShort();
        if (length < 0) {
            return null;
        }
        return readUtf8(in, length);
    }

    private static String readCompactString(ByteBuffer in) {
        int length = Varint.readUnsignedVarint(in) - 1;
        return length < 0 ? null : readUtf8(in, length);
    }

    private static String readUtf8(ByteBuffer in, int length) {
        if (length > in.remaining()) {
            throw new IllegalArgumentException("A string of " + length + " bytes with " + in.remaining() + " left");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void skipTaggedFields(ByteBuffer in) {
        int fields = Varint.readUnsignedVarint(in);
        for (int i = 0; i < fields; i++) {
            Varint.readUnsignedVarint(in); // the tag
            int size = Varint.readUnsignedVarint(in);
            if (size < 0 || size > in.remaining()) {
                throw new IllegalArgumentException("A tagged field of " + size + " bytes with " + in.remaining()
                    + " left");
            }
            in.position(in.position() + size);
        }
    }
}
