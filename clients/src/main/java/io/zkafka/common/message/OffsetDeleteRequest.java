package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** Deletes a group's committed offsets of these partitions. */
public record OffsetDeleteRequest(String groupId, List<Topic> topics) implements Message {

    public record Topic(String name, List<Integer> partitions) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_DELETE;
    }

    public static final class Serializer extends MessageSerializer<OffsetDeleteRequest> {
        @Override
        protected void write(Output out, OffsetDeleteRequest m, short version) {
            Wire.writeString(out, m.groupId);
            Wire.writeList(out, m.topics, (o, t) -> {
                Wire.writeString(o, t.name);
                Wire.writeIntList(o, t.partitions);
            });
        }

        @Override
        protected OffsetDeleteRequest read(Input in, short version) {
            return new OffsetDeleteRequest(Wire.readString(in),
                Wire.readList(in, i -> new Topic(Wire.readString(i), Wire.readIntList(i))));
        }
    }
}
