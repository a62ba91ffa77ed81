package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/**
 * Raises topics' partition counts (partitions are only ever added). From version 1 a topic may name
 * the replicas of each new partition (in order, the first its preferred leader); without, the
 * controller places them.
 */
public record CreatePartitionsRequest(List<PartitionsTopic> topics, int timeoutMs, boolean validateOnly)
    implements Message {

    /** {@code assignment}: the replicas of each new partition, or null to let the controller place them. */
    public record PartitionsTopic(String name, int totalCount, List<List<Integer>> assignment) {
        public PartitionsTopic(String name, int totalCount) {
            this(name, totalCount, null);
        }
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
                if (version >= 1) {
                    Wire.writeList(o, t.assignment, Wire::writeIntList);
                }
            });
            out.writeInt(m.timeoutMs);
            out.writeBoolean(m.validateOnly);
        }

        @Override
        protected CreatePartitionsRequest read(Input in, short version) {
            List<PartitionsTopic> topics = Wire.readList(in, i -> new PartitionsTopic(Wire.readString(i), i.readInt(),
                version >= 1 ? Wire.readList(i, Wire::readIntList) : null));
            return new CreatePartitionsRequest(topics, in.readInt(), in.readBoolean());
        }
    }
}
