package io.zkafka.broker.kafkaprotocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.zkafka.common.message.ProduceResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A Produce answer (versions 3-10) written straight from the native response: the bytes Kafka's
 * {@code ProduceResponseData} would write, without building it. Per partition: index, error code,
 * base offset, log append time, the log start offset from version 5, from version 8 an empty
 * record error list and the error message; version 9 is flexible (compact arrays and strings,
 * empty tagged fields, response header version 1). Version 10 writes the same bytes: its tagged
 * fields name a partition's leader, and an answer that does that is built as Kafka's message instead
 * ({@link ProduceApi}). The throttle time is 0 unless the client is over its quota ({@link #throttle}).
 */
final class ProduceAnswer implements DirectAnswer {
    private static final int LOG_START_OFFSET_VERSION = 5;
    private static final int ERROR_MESSAGE_VERSION = 8;
    private static final int FLEXIBLE_VERSION = 9;

    private final ProduceResponse response;
    private int throttleTimeMs;

    ProduceAnswer(ProduceResponse response) {
        this.response = response;
    }

    /** Tells the client to wait {@code ms} before its next request to this broker. */
    void throttle(int ms) {
        this.throttleTimeMs = ms;
    }

    /** Whether the answer can be written directly: each topic once (Kafka's answer merges repeats). */
    static boolean canWrite(ProduceResponse response) {
        List<ProduceResponse.TopicResponse> topics = response.topics();
        for (int i = 1; i < topics.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (topics.get(i).name().equals(topics.get(j).name())) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public void write(short version, int correlationId, ByteBufAllocator alloc, List<Object> out) {
        boolean flexible = version >= FLEXIBLE_VERSION;
        ByteBuf buf = alloc.directBuffer(sizeEstimate());
        try {
            buf.writeInt(0);
            buf.writeInt(correlationId);
            if (flexible) {
                buf.writeByte(0);
            }
            writeArrayLength(buf, response.topics().size(), flexible);
            for (ProduceResponse.TopicResponse topic : response.topics()) {
                writeString(buf, topic.name(), flexible);
                writeArrayLength(buf, topic.partitions().size(), flexible);
                for (ProduceResponse.PartitionResponse partition : topic.partitions()) {
                    writePartition(buf, partition, version, flexible);
                }
                if (flexible) {
                    buf.writeByte(0);
                }
            }
            buf.writeInt(throttleTimeMs);
            if (flexible) {
                buf.writeByte(0);
            }
            buf.setInt(0, buf.writerIndex() - 4);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        out.add(buf);
    }

    private static void writePartition(ByteBuf buf, ProduceResponse.PartitionResponse partition, short version,
                                       boolean flexible) {
        buf.writeInt(partition.partition());
        buf.writeShort(partition.error().code());
        buf.writeLong(partition.baseOffset());
        buf.writeLong(partition.logAppendTime());
        if (version >= LOG_START_OFFSET_VERSION) {
            buf.writeLong(partition.logStartOffset());
        }
        if (version >= ERROR_MESSAGE_VERSION) {
            writeArrayLength(buf, 0, flexible);
            writeNullableString(buf, partition.errorMessage(), flexible);
        }
        if (flexible) {
            buf.writeByte(0);
        }
    }

    private int sizeEstimate() {
        int size = 32;
        for (ProduceResponse.TopicResponse topic : response.topics()) {
            size += 16 + 3 * topic.name().length() + 48 * topic.partitions().size();
        }
        return size;
    }

    private static void writeArrayLength(ByteBuf buf, int length, boolean flexible) {
        if (flexible) {
            writeUnsignedVarint(buf, length + 1);
        } else {
            buf.writeInt(length);
        }
    }

    private static void writeString(ByteBuf buf, String value, boolean flexible) {
        int length = ByteBufUtil.utf8Bytes(value);
        if (flexible) {
            writeUnsignedVarint(buf, length + 1);
        } else {
            buf.writeShort(length);
        }
        buf.writeCharSequence(value, StandardCharsets.UTF_8);
    }

    private static void writeNullableString(ByteBuf buf, String value, boolean flexible) {
        if (value != null) {
            writeString(buf, value, flexible);
        } else if (flexible) {
            buf.writeByte(0);
        } else {
            buf.writeShort(-1);
        }
    }

    private static void writeUnsignedVarint(ByteBuf buf, int value) {
        int rest = value;
        while ((rest & 0xffffff80) != 0) {
            buf.writeByte((rest & 0x7f) | 0x80);
            rest >>>= 7;
        }
        buf.writeByte(rest);
    }
}
