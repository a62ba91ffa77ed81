package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.RecordsPayload;
import io.zkafka.common.protocol.Wire;
import java.util.ArrayList;
import java.util.List;

/**
 * Per partition: the error, the high watermark and log start offset, and the record batches read
 * (raw bytes after the Kryo part; from the broker they are file slices sent with zero copy). The
 * last batch of a partition's records may be partial; readers skip it.
 */
public record FetchResponse(Errors error, List<FetchableTopic> topics) implements Message {

    public record FetchableTopic(String name, List<PartitionData> partitions) {
    }

    public record PartitionData(int partition, Errors error, long highWatermark, long logStartOffset,
                                RecordsPayload records) {
        public static PartitionData error(int partition, Errors error) {
            return new PartitionData(partition, error, -1L, -1L, RecordsPayload.EMPTY);
        }
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FETCH;
    }

    @Override
    public List<RecordsPayload> recordPayloads() {
        List<RecordsPayload> payloads = new ArrayList<>();
        for (FetchableTopic topic : topics) {
            for (PartitionData partition : topic.partitions) {
                payloads.add(partition.records);
            }
        }
        return payloads;
    }

    public static final class Serializer extends MessageSerializer<FetchResponse> {
        @Override
        protected void write(Output out, FetchResponse m, short version) {
            out.writeShort(m.error.code());
            Wire.writeList(out, m.topics, (o, t) -> {
                Wire.writeString(o, t.name);
                Wire.writeList(o, t.partitions, (o2, p) -> {
                    o2.writeInt(p.partition);
                    o2.writeShort(p.error.code());
                    o2.writeLong(p.highWatermark);
                    o2.writeLong(p.logStartOffset);
                    o2.writeInt(p.records.sizeInBytes());
                });
            });
        }

        @Override
        protected FetchResponse read(Input in, short version) {
            Errors error = Errors.forCode(in.readShort());
            List<FetchableTopic> topics = Wire.readList(in, i -> new FetchableTopic(Wire.readString(i),
                Wire.readList(i, i2 -> new PartitionData(i2.readInt(), Errors.forCode(i2.readShort()),
                    i2.readLong(), i2.readLong(), RecordsPayload.pending(i2.readInt())))));
            return new FetchResponse(error, topics);
        }
    }
}
