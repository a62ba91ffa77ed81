package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.RecordsPayload;
import io.zkafka.common.protocol.Wire;
import java.util.ArrayList;
import java.util.List;

/**
 * Record batches for one or more partitions. {@code acks}: 0 (no response), 1 (the leader wrote
 * it), -1 (all in-sync replicas have it). The batches ride after the Kryo part as raw bytes.
 * {@code transactionalId} (version 1; null otherwise): a transactional producer's id, which the broker
 * authorizes (Write on it) when the batches are transactional, as Kafka does.
 */
public record ProduceRequest(short acks, int timeoutMs, List<TopicData> topics, String transactionalId)
    implements Message {
    /** Version 1 carries the transactional id. */
    public static final short TRANSACTIONAL_ID_VERSION = 1;

    /** A request of a producer without a transactional id. */
    public ProduceRequest(short acks, int timeoutMs, List<TopicData> topics) {
        this(acks, timeoutMs, topics, null);
    }

    public record TopicData(String name, List<PartitionData> partitions) {
    }

    public record PartitionData(int partition, RecordsPayload records) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.PRODUCE;
    }

    @Override
    public List<RecordsPayload> recordPayloads() {
        List<RecordsPayload> payloads = new ArrayList<>();
        for (TopicData topic : topics) {
            for (PartitionData partition : topic.partitions) {
                payloads.add(partition.records);
            }
        }
        return payloads;
    }

    public static final class Serializer extends MessageSerializer<ProduceRequest> {
        @Override
        protected void write(Output out, ProduceRequest m, short version) {
            out.writeShort(m.acks);
            out.writeInt(m.timeoutMs);
            Wire.writeList(out, m.topics, (o, t) -> {
                Wire.writeString(o, t.name);
                Wire.writeList(o, t.partitions, (o2, p) -> {
                    o2.writeInt(p.partition);
                    o2.writeInt(p.records.sizeInBytes());
                });
            });
            if (version >= TRANSACTIONAL_ID_VERSION) {
                Wire.writeString(out, m.transactionalId);
            }
        }

        @Override
        protected ProduceRequest read(Input in, short version) {
            short acks = in.readShort();
            int timeoutMs = in.readInt();
            List<TopicData> topics = Wire.readList(in, i -> new TopicData(Wire.readString(i),
                Wire.readList(i, i2 -> new PartitionData(i2.readInt(), RecordsPayload.pending(i2.readInt())))));
            String transactionalId = version >= TRANSACTIONAL_ID_VERSION ? Wire.readString(in) : null;
            return new ProduceRequest(acks, timeoutMs, topics, transactionalId);
        }
    }
}
