package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/**
 * Commits offsets for a group. A member of an active group sends its generation and member id; a
 * client outside any generation (assign mode) sends -1 and an empty member id, which the
 * coordinator accepts only while the group has no members.
 */
public record OffsetCommitRequest(String groupId, int generationId, String memberId, String groupInstanceId,
                                  List<Topic> topics) implements Message {

    public static final int NO_GENERATION = -1;

    public record Topic(String name, List<Partition> partitions) {
    }

    public record Partition(int partition, long offset, int leaderEpoch, String metadata) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_COMMIT;
    }

    public static final class Serializer extends MessageSerializer<OffsetCommitRequest> {
        @Override
        protected void write(Output out, OffsetCommitRequest m, short version) {
            Wire.writeString(out, m.groupId);
            out.writeInt(m.generationId);
            Wire.writeString(out, m.memberId);
            Wire.writeString(out, m.groupInstanceId);
            Wire.writeList(out, m.topics, (o, t) -> {
                Wire.writeString(o, t.name);
                Wire.writeList(o, t.partitions, (o2, p) -> {
                    o2.writeInt(p.partition);
                    o2.writeLong(p.offset);
                    o2.writeInt(p.leaderEpoch);
                    Wire.writeString(o2, p.metadata);
                });
            });
        }

        @Override
        protected OffsetCommitRequest read(Input in, short version) {
            return new OffsetCommitRequest(Wire.readString(in), in.readInt(), Wire.readString(in), Wire.readString(in),
                Wire.readList(in, i -> new Topic(Wire.readString(i), Wire.readList(i, i2 -> new Partition(
                    i2.readInt(), i2.readLong(), i2.readInt(), Wire.readString(i2))))));
        }
    }
}
