package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/**
 * The committed offsets of a group for these partitions; null topics asks for every partition it
 * has. With {@code requireStable} (version 1, Kafka's KIP-447 flag, sent by read_committed
 * consumers) a partition with offsets pending in an open transaction is answered
 * {@code UNSTABLE_OFFSET_COMMIT} instead of its last committed offset.
 */
public record OffsetFetchRequest(String groupId, List<Topic> topics, boolean requireStable) implements Message {

    /** A fetch that takes the last committed offsets even while a transaction's are pending. */
    public OffsetFetchRequest(String groupId, List<Topic> topics) {
        this(groupId, topics, false);
    }

    public record Topic(String name, List<Integer> partitions) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_FETCH;
    }

    public static final class Serializer extends MessageSerializer<OffsetFetchRequest> {
        @Override
        protected void write(Output out, OffsetFetchRequest m, short version) {
            Wire.writeString(out, m.groupId);
            Wire.writeList(out, m.topics, (o, t) -> {
                Wire.writeString(o, t.name);
                Wire.writeIntList(o, t.partitions);
            });
            if (version >= 1) {
                out.writeBoolean(m.requireStable);
            }
        }

        @Override
        protected OffsetFetchRequest read(Input in, short version) {
            String groupId = Wire.readString(in);
            List<Topic> topics = Wire.readList(in, i -> new Topic(Wire.readString(i), Wire.readIntList(i)));
            return new OffsetFetchRequest(groupId, topics, version >= 1 && in.readBoolean());
        }
    }
}
