package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;
import java.util.Map;

/**
 * Creates topics. Each gives a partition count and replication factor (-1: the broker's default),
 * or an explicit assignment (partition -> replica broker ids), and config overrides.
 */
public record CreateTopicsRequest(List<CreatableTopic> topics, int timeoutMs, boolean validateOnly)
    implements Message {

    public static final int DEFAULT = -1;

    public record CreatableTopic(String name, int numPartitions, short replicationFactor,
                                 List<List<Integer>> assignment, Map<String, String> configs) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_TOPICS;
    }

    public static final class Serializer extends MessageSerializer<CreateTopicsRequest> {
        @Override
        protected void write(Output out, CreateTopicsRequest m, short version) {
            Wire.writeList(out, m.topics, (o, t) -> {
                Wire.writeString(o, t.name);
                o.writeInt(t.numPartitions);
                o.writeShort(t.replicationFactor);
                Wire.writeList(o, t.assignment, Wire::writeIntList);
                Wire.writeStringMap(o, t.configs);
            });
            out.writeInt(m.timeoutMs);
            out.writeBoolean(m.validateOnly);
        }

        @Override
        protected CreateTopicsRequest read(Input in, short version) {
            List<CreatableTopic> topics = Wire.readList(in, i -> new CreatableTopic(Wire.readString(i), i.readInt(),
                i.readShort(), Wire.readList(i, Wire::readIntList), Wire.readStringMap(i)));
            return new CreateTopicsRequest(topics, in.readInt(), in.readBoolean());
        }
    }
}
