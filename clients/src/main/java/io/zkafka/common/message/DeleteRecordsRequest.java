package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/**
 * Deletes the records of partitions below an offset, as Kafka's DeleteRecords: the leader moves its
 * log start offset up to it ({@link #HIGH_WATERMARK}: to the high watermark) and drops the segments
 * wholly below; followers follow on their next fetch. Sent to each partition's leader.
 */
public record DeleteRecordsRequest(List<DeleteTopic> topics, int timeoutMs) implements Message {

    /** The offset that means "everything up to the high watermark". */
    public static final long HIGH_WATERMARK = -1L;

    public record DeleteTopic(String name, List<DeletePartition> partitions) {
    }

    public record DeletePartition(int partition, long offset) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_RECORDS;
    }

    public static final class Serializer extends MessageSerializer<DeleteRecordsRequest> {
        @Override
        protected void write(Output out, DeleteRecordsRequest m, short version) {
            Wire.writeList(out, m.topics, (o, t) -> {
                Wire.writeString(o, t.name);
                Wire.writeList(o, t.partitions, (o2, p) -> {
                    o2.writeInt(p.partition);
                    o2.writeLong(p.offset);
                });
            });
            out.writeInt(m.timeoutMs);
        }

        @Override
        protected DeleteRecordsRequest read(Input in, short version) {
            List<DeleteTopic> topics = Wire.readList(in, i -> new DeleteTopic(Wire.readString(i),
                Wire.readList(i, i2 -> new DeletePartition(i2.readInt(), i2.readLong()))));
            return new DeleteRecordsRequest(topics, in.readInt());
        }
    }
}
