package io.zkafka.broker.group;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys and values the coordinator writes to {@code __consumer_offsets}. Two kinds of record,
 * told apart by the key's version, so compaction keeps the newest commit per (group, topic,
 * partition) and the newest metadata per group. A null value (tombstone) deletes the key.
 * Big-endian; a string is {@code int16 length + UTF-8} with -1 for null; bytes are
 * {@code int32 length + bytes}, -1 for null.
 *
 * <pre>
 * offset commit key (version 1)          offset commit value (version 3)
 * +---------+-------+-------+-----------+ +---------+--------+--------------+----------+-----------+
 * | int16 1 | group | topic | partition | | int16 3 | offset | leader epoch | metadata | commit ts |
 * |         | str   | str   | int32     | |         | int64  | int32        | str      | int64     |
 * +---------+-------+-------+-----------+ +---------+--------+--------------+----------+-----------+
 *
 * group metadata key (version 2)         group metadata value (version 3)
 * +---------+-------+                    +---------+---------------+------------+----------+--------+
 * | int16 2 | group |                    | int16 3 | protocol type | generation | protocol | leader |
 * |         | str   |                    |         | str           | int32      | str      | str    |
 * +---------+-------+                    +---------+---------------+------------+----------+--------+
 *                                        | state ts int64 | member count int32 | members ...      |
 *                                        +----------------+--------------------+------------------+
 * each member: member id str | instance id str | client id str | client host str
 *              | rebalance timeout int32 | session timeout int32 | subscription bytes | assignment bytes
 * </pre>
 *
 * Kafka's own key versions are the same numbers (0/1 commit, 2 group), so a reader of either can
 * tell the kinds apart; the value layouts are this project's. Reading checks every length and
 * fails with {@link IllegalArgumentException} naming what is wrong.
 */
public final class GroupRecords {
    static final short OFFSET_COMMIT_KEY_VERSION = 1;
    static final short GROUP_METADATA_KEY_VERSION = 2;
    static final short VALUE_VERSION = 3;

    private GroupRecords() {
    }

    /** A decoded key: an offset commit's (group, topic, partition), or a group's metadata (topic null). */
    public record Key(String group, String topic, int partition) {
        public boolean isOffsetCommit() {
            return topic != null;
        }
    }

    public record OffsetValue(long offset, int leaderEpoch, String metadata, long commitTimestamp) {
    }

    public record MemberValue(String memberId, String groupInstanceId, String clientId, String clientHost,
                              int rebalanceTimeoutMs, int sessionTimeoutMs, byte[] subscription, byte[] assignment) {
    }

    public record GroupValue(String protocolType, int generation, String protocol, String leader,
                             long stateTimestamp, List<MemberValue> members) {
    }

    public static byte[] offsetCommitKey(String group, String topic, int partition) {
        Writer w = new Writer();
        w.buffer.putShort(OFFSET_COMMIT_KEY_VERSION);
        w.string(group).string(topic);
        w.ensure(4).putInt(partition);
        return w.bytes();
    }

    public static byte[] groupMetadataKey(String group) {
        Writer w = new Writer();
        w.buffer.putShort(GROUP_METADATA_KEY_VERSION);
        w.string(group);
        return w.bytes();
    }

    public static byte[] offsetValue(OffsetValue value) {
        Writer w = new Writer();
        w.buffer.putShort(VALUE_VERSION);
        w.ensure(12).putLong(value.offset()).putInt(value.leaderEpoch());
        w.string(value.metadata());
        w.ensure(8).putLong(value.commitTimestamp());
        return w.bytes();
    }

    public static byte[] groupValue(GroupValue value) {
        Writer w = new Writer();
        w.buffer.putShort(VALUE_VERSION);
        w.string(value.protocolType());
        w.ensure(4).putInt(value.generation());
        w.string(value.protocol()).string(value.leader());
        w.ensure(12).putLong(value.stateTimestamp()).putInt(value.members().size());
        for (MemberValue m : value.members()) {
            w.string(m.memberId()).string(m.groupInstanceId()).string(m.clientId()).string(m.clientHost());
            w.ensure(8).putInt(m.rebalanceTimeoutMs()).putInt(m.sessionTimeoutMs());
            w.bytes(m.subscription()).bytes(m.assignment());
        }
        return w.bytes();
    }

    public static Key readKey(ByteBuffer key) {
        try {
            ByteBuffer in = key.duplicate();
            short version = in.getShort();
            String group = readString(in, "group");
            Key result;
            if (version == 0 || version == OFFSET_COMMIT_KEY_VERSION) {
                result = new Key(group, readString(in, "topic"), in.getInt());
            } else if (version == GROUP_METADATA_KEY_VERSION) {
                result = new Key(group, null, -1);
            } else {
                throw new IllegalArgumentException("Unknown __consumer_offsets key version " + version);
            }
            requireEnd(in, "key");
            return result;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("Truncated __consumer_offsets key", e);
        }
    }

    public static OffsetValue readOffsetValue(ByteBuffer value) {
        try {
            ByteBuffer in = value.duplicate();
            requireVersion(in.getShort(), "offset commit value");
            OffsetValue result = new OffsetValue(in.getLong(), in.getInt(), readString(in, "metadata"), in.getLong());
            requireEnd(in, "offset commit value");
            return result;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("Truncated offset commit value", e);
        }
    }

    public static GroupValue readGroupValue(ByteBuffer value) {
        try {
            ByteBuffer in = value.duplicate();
            requireVersion(in.getShort(), "group metadata value");
            String protocolType = readString(in, "protocol type");
            int generation = in.getInt();
            String protocol = readString(in, "protocol");
            String leader = readString(in, "leader");
            long timestamp = in.getLong();
            int count = in.getInt();
            // each member takes at least 4 strings, 2 ints and 2 byte arrays: 24 bytes
            if (count < 0 || (long) count * 24 > in.remaining()) {
                throw new IllegalArgumentException("Group metadata declares " + count + " members in "
                    + in.remaining() + " bytes");
            }
            List<MemberValue> members = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                members.add(new MemberValue(readString(in, "member id"), readString(in, "instance id"),
                    readString(in, "client id"), readString(in, "client host"), in.getInt(), in.getInt(),
                    readBytes(in, "subscription"), readBytes(in, "assignment")));
            }
            requireEnd(in, "group metadata value");
            return new GroupValue(protocolType, generation, protocol, leader, timestamp, List.copyOf(members));
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("Truncated group metadata value", e);
        }
    }

    private static void requireVersion(short version, String what) {
        if (version != VALUE_VERSION) {
            throw new IllegalArgumentException("Unknown " + what + " version " + version);
        }
    }

    private static void requireEnd(ByteBuffer in, String what) {
        if (in.hasRemaining()) {
            throw new IllegalArgumentException(in.remaining() + " unexpected trailing bytes after the " + what);
        }
    }

    private static String readString(ByteBuffer in, String field) {
        short length = in.getShort();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("The " + field + " declares " + length + " bytes, "
                + in.remaining() + " remain");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(ByteBuffer in, String field) {
        int length = in.getInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("The " + field + " declares " + length + " bytes, "
                + in.remaining() + " remain");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    /** A growing big-endian buffer. */
    private static final class Writer {
        private ByteBuffer buffer = ByteBuffer.allocate(128);

        ByteBuffer ensure(int more) {
            if (buffer.remaining() < more) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more));
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
            return buffer;
        }

        Writer string(String value) {
            if (value == null) {
                ensure(2).putShort((short) -1);
                return this;
            }
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > Short.MAX_VALUE) {
                throw new IllegalArgumentException("A string of " + bytes.length + " bytes does not fit an int16 length");
            }
            ensure(2 + bytes.length).putShort((short) bytes.length).put(bytes);
            return this;
        }

        Writer bytes(byte[] value) {
            if (value == null) {
                ensure(4).putInt(-1);
                return this;
            }
            ensure(4 + value.length).putInt(value.length).put(value);
            return this;
        }

        byte[] bytes() {
            byte[] out = new byte[buffer.position()];
            buffer.flip();
            buffer.get(out);
            return out;
        }
    }
}
