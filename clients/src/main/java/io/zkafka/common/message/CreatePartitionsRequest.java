package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** Raises topics' partition counts (partitions are only ever added). */
public record CreatePartitionsRequest(List<PartitionsTopic> topics, int timeoutMs, boolean validateOnly)
    implements Message {

    public record PartitionsTopic(String name, int totalCount) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_PARTITIONS;
    }

    public static final class Serializer extends MessageSerializer<CreatePartitionsRequest> {
        @Override
        protected void write(Output out, CreatePartitionsRequest m, short version) {
            Wire.writeList(out, m.topics, (o, t) -> {
                Wire.writeString(o, t.name);
                o.writeInt(t.totalCount);
            });
            out.writeInt(m.timeoutMs);
            out.writeBoolean(m.validateOnly);
        }

        @Override
        protected CreatePartitionsRequest read(Input in, short version) {
            List<PartitionsTopic> topics = Wire.readList(in, i -> new PartitionsTopic(Wire.readString(i), i.readInt()));
            return new CreatePartitionsRequest(topics, in.readInt(), in.readBoolean());
        }
    }
}
