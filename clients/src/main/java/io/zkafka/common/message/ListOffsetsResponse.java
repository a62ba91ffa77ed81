package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** Per partition: the offset found (-1 when no record is at or after the timestamp) and its timestamp. */
public record ListOffsetsResponse(List<TopicResponse> topics) implements Message {

    public record TopicResponse(String name, List<PartitionResponse> partitions) {
    }

    public record PartitionResponse(int partition, Errors error, long timestamp, long offset, int leaderEpoch) {
        public static PartitionResponse error(int partition, Errors error) {
            return new PartitionResponse(partition, error, -1L, -1L, -1);
        }
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_OFFSETS;
    }

    public static final class Serializer extends MessageSerializer<ListOffsetsResponse> {
        @Override
        protected void write(Output out, ListOffsetsResponse m, short version) {
            Wire.writeList(out, m.topics, (o, t) -> {
                Wire.writeString(o, t.name);
                Wire.writeList(o, t.partitions, (o2, p) -> {
                    o2.writeInt(p.partition);
                    o2.writeShort(p.error.code());
                    o2.writeLong(p.timestamp);
                    o2.writeLong(p.offset);
                    o2.writeInt(p.leaderEpoch);
                });
            });
        }

        @Override
        protected ListOffsetsResponse read(Input in, short version) {
            return new ListOffsetsResponse(Wire.readList(in, i -> new TopicResponse(Wire.readString(i),
                Wire.readList(i, i2 -> new PartitionResponse(i2.readInt(), Errors.forCode(i2.readShort()),
                    i2.readLong(), i2.readLong(), i2.readInt())))));
        }
    }
}
