package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/**
 * A group-level error (coordinator errors, GROUP_ID_NOT_FOUND) or, per partition, NONE or
 * GROUP_SUBSCRIBED_TO_TOPIC when a member of the group subscribes to the partition's topic.
 */
public record OffsetDeleteResponse(Errors error, List<Topic> topics) implements Message {

    public record Topic(String name, List<Partition> partitions) {
    }

    public record Partition(int partition, Errors error) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_DELETE;
    }

    public static final class Serializer extends MessageSerializer<OffsetDeleteResponse> {
        @Override
        protected void write(Output out, OffsetDeleteResponse m, short version) {
            out.writeShort(m.error.code());
            Wire.writeList(out, m.topics, (o, t) -> {
                Wire.writeString(o, t.name);
                Wire.writeList(o, t.partitions, (o2, p) -> {
                    o2.writeInt(p.partition);
                    o2.writeShort(p.error.code());
                });
            });
        }

        @Override
        protected OffsetDeleteResponse read(Input in, short version) {
            return new OffsetDeleteResponse(Errors.forCode(in.readShort()), Wire.readList(in, i -> new Topic(
                Wire.readString(i), Wire.readList(i, i2 -> new Partition(i2.readInt(), Errors.forCode(i2.readShort()))))));
        }
    }
}
