package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.errors.CorruptRecordException;
import io.zkafka.common.message.ProduceRequest;
import io.zkafka.common.protocol.MalformedMessageException;
import io.zkafka.common.protocol.RecordsPayload;
import io.zkafka.common.record.Varint;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Produce request body (versions 3-10) straight into the native {@link ProduceRequest}, the
 * fields Kafka's {@code ProduceRequestData} reads, without building it: transactional id, acks,
 * timeout, then per topic its name and per partition its index and record batches, which stay
 * views of the frame (never copied or decoded). From version 9 they are flexible: compact arrays and strings,
 * tagged fields skipped. Whatever Kafka's reader refuses (a null topic name or array, a length past
 * the end) is a {@link MalformedMessageException}. Stateless.
 */
final class ProduceRequestReader {
    private static final int FLEXIBLE_VERSION = 9;
    private static final ByteBuffer NO_RECORDS = ByteBuffer.allocate(0);

    private ProduceRequestReader() {
    }

    /** Reads the body from the frame's position, leaving the position after it. */
    static ProduceRequest read(ByteBuffer frame, short version) {
        try {
            return readBody(frame, version >= FLEXIBLE_VERSION);
        } catch (java.nio.BufferUnderflowException e) {
            throw new MalformedMessageException("a PRODUCE v" + version + " request ends early");
        } catch (CorruptRecordException e) {
            throw new MalformedMessageException("a PRODUCE v" + version + " request: " + e.getMessage());
        }
    }

    private static ProduceRequest readBody(ByteBuffer in, boolean flexible) {
        String transactionalId = readString(in, flexible, true, "transactionalId");
        short acks = in.getShort();
        int timeoutMs = in.getInt();
        int topicCount = readArrayLength(in, flexible, "topicData");
        List<ProduceRequest.TopicData> topics = new ArrayList<>(topicCount);
        for (int t = 0; t < topicCount; t++) {
            String name = readString(in, flexible, false, "name");
            int partitionCount = readArrayLength(in, flexible, "partitionData");
            List<ProduceRequest.PartitionData> partitions = new ArrayList<>(partitionCount);
            for (int p = 0; p < partitionCount; p++) {
                int index = in.getInt();
                partitions.add(new ProduceRequest.PartitionData(index, RecordsPayload.of(readRecords(in, flexible))));
                skipTaggedFields(in, flexible);
            }
            topics.add(new ProduceRequest.TopicData(name, partitions));
            skipTaggedFields(in, flexible);
        }
        skipTaggedFields(in, flexible);
        return new ProduceRequest(acks, timeoutMs, topics, transactionalId);
    }

    private static int readArrayLength(ByteBuffer in, boolean flexible, String field) {
        int length = flexible ? Varint.readUnsignedVarint(in) - 1 : in.getInt();
        if (length < 0) {
            throw new MalformedMessageException("non-nullable field " + field + " was serialized as null");
        }
        if (length > in.remaining()) {
            throw new MalformedMessageException("array " + field + " of " + length + " elements, but only "
                + in.remaining() + " bytes remain");
        }
        return length;
    }

    private static String readString(ByteBuffer in, boolean flexible, boolean nullable, String field) {
        int length = flexible ? Varint.readUnsignedVarint(in) - 1 : in.getShort();
        if (length < 0) {
            if (nullable) {
                return null;
            }
            throw new MalformedMessageException("non-nullable field " + field + " was serialized as null");
        }
        if (length > Short.MAX_VALUE || length > in.remaining()) {
            throw new MalformedMessageException("string " + field + " of " + length + " bytes, but only "
                + in.remaining() + " bytes remain");
        }
        String value;
        if (in.hasArray()) {
            value = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        } else {
            byte[] bytes = new byte[length];
            in.get(in.position(), bytes);
            value = new String(bytes, StandardCharsets.UTF_8);
        }
        in.position(in.position() + length);
        return value;
    }

    /** The record batches as a view of the frame; null records (length -1) are no batches. */
    private static ByteBuffer readRecords(ByteBuffer in, boolean flexible) {
        int length = flexible ? Varint.readUnsignedVarint(in) - 1 : in.getInt();
        if (length < 0) {
            return NO_RECORDS.duplicate();
        }
        if (length > in.remaining()) {
            throw new MalformedMessageException("records of " + length + " bytes, but only " + in.remaining()
                + " bytes remain");
        }
        ByteBuffer records = in.slice(in.position(), length);
        in.position(in.position() + length);
        return records;
    }

    private static void skipTaggedFields(ByteBuffer in, boolean flexible) {
        if (!flexible) {
            return;
        }
        int count = Varint.readUnsignedVarint(in);
        for (int i = 0; i < count; i++) {
            Varint.readUnsignedVarint(in);
            int size = Varint.readUnsignedVarint(in);
            if (size < 0 || size > in.remaining()) {
                throw new MalformedMessageException("a tagged field of " + size + " bytes, but only "
                    + in.remaining() + " bytes remain");
            }
            in.position(in.position() + size);
        }
    }
}
