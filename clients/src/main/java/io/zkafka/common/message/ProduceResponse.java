package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** Per partition: the error, and on success the offset given to the first record. */
public record ProduceResponse(List<TopicResponse> topics) implements Message {

    public record TopicResponse(String name, List<PartitionResponse> partitions) {
    }

    public record PartitionResponse(int partition, Errors error, long baseOffset, long logAppendTime,
                                    long logStartOffset, String errorMessage) {
        public static PartitionResponse error(int partition, Errors error, String message) {
            return new PartitionResponse(partition, error, -1L, -1L, -1L, message);
        }
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.PRODUCE;
    }

    public static final class Serializer extends MessageSerializer<ProduceResponse> {
        @Override
        protected void write(Output out, ProduceResponse m, short version) {
            Wire.writeList(out, m.topics, (o, t) -> {
                Wire.writeString(o, t.name);
                Wire.writeList(o, t.partitions, (o2, p) -> {
                    o2.writeInt(p.partition);
                    o2.writeShort(p.error.code());
                    o2.writeLong(p.baseOffset);
                    o2.writeLong(p.logAppendTime);
                    o2.writeLong(p.logStartOffset);
                    Wire.writeString(o2, p.errorMessage);
                });
            });
        }

        @Override
        protected ProduceResponse read(Input in, short version) {
            return new ProduceResponse(Wire.readList(in, i -> new TopicResponse(Wire.readString(i),
                Wire.readList(i, i2 -> new PartitionResponse(i2.readInt(), Errors.forCode(i2.readShort()),
                    i2.readLong(), i2.readLong(), i2.readLong(), Wire.readString(i2))))));
        }
    }
}
