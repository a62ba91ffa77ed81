package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/**
 * Per partition, the offset for a timestamp: {@link #EARLIEST_TIMESTAMP} (the log start offset),
 * {@link #LATEST_TIMESTAMP} (the end offset consumers may read to), or a time in milliseconds
 * (the first offset whose record timestamp is at or after it).
 */
public record ListOffsetsRequest(int replicaId, List<ListOffsetsTopic> topics) implements Message {

    public static final long LATEST_TIMESTAMP = -1L;
    public static final long EARLIEST_TIMESTAMP = -2L;

    public record ListOffsetsTopic(String name, List<ListOffsetsPartition> partitions) {
    }

    public record ListOffsetsPartition(int partition, long timestamp) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_OFFSETS;
    }

    public static final class Serializer extends MessageSerializer<ListOffsetsRequest> {
        @Override
        protected void write(Output out, ListOffsetsRequest m, short version) {
            out.writeInt(m.replicaId);
            Wire.writeList(out, m.topics, (o, t) -> {
                Wire.writeString(o, t.name);
                Wire.writeList(o, t.partitions, (o2, p) -> {
                    o2.writeInt(p.partition);
                    o2.writeLong(p.timestamp);
                });
            });
        }

        @Override
        protected ListOffsetsRequest read(Input in, short version) {
            int replicaId = in.readInt();
            return new ListOffsetsRequest(replicaId, Wire.readList(in, i -> new ListOffsetsTopic(Wire.readString(i),
                Wire.readList(i, i2 -> new ListOffsetsPartition(i2.readInt(), i2.readLong())))));
        }
    }
}
