package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** Per partition: the log start offset (low watermark) after the deletion, or why not (-1). */
public record DeleteRecordsResponse(List<TopicResponse> topics) implements Message {

    public record TopicResponse(String name, List<PartitionResponse> partitions) {
    }

    public record PartitionResponse(int partition, long lowWatermark, Errors error, String errorMessage) {
        public static PartitionResponse error(int partition, Errors error, String message) {
            return new PartitionResponse(partition, -1L, error, message);
        }
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_RECORDS;
    }

    public static final class Serializer extends MessageSerializer<DeleteRecordsResponse> {
        @Override
        protected void write(Output out, DeleteRecordsResponse m, short version) {
            Wire.writeList(out, m.topics, (o, t) -> {
                Wire.writeString(o, t.name);
                Wire.writeList(o, t.partitions, (o2, p) -> {
                    o2.writeInt(p.partition);
                    o2.writeLong(p.lowWatermark);
                    o2.writeShort(p.error.code());
                    Wire.writeString(o2, p.errorMessage);
                });
            });
        }

        @Override
        protected DeleteRecordsResponse read(Input in, short version) {
            return new DeleteRecordsResponse(Wire.readList(in, i -> new TopicResponse(Wire.readString(i),
                Wire.readList(i, i2 -> new PartitionResponse(i2.readInt(), i2.readLong(), Errors.forCode(i2.readShort()),
                    Wire.readString(i2))))));
        }
    }
}
