package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/**
 * From a transactional producer to a group's coordinator (Kafka's api key 28): offsets of group
 * {@code groupId} committed in the producer's transaction. They stay pending, invisible to
 * OffsetFetch, until the transaction's commit marker reaches the group's offsets partition (an
 * abort marker drops them). A producer sending the group metadata of a consumer in the group gives
 * its generation, member id and instance id, which are checked as an OffsetCommit's would be;
 * generation -1 and an empty member id skip the check.
 */
public record TxnOffsetCommitRequest(String transactionalId, String groupId, long producerId, short producerEpoch,
                                     int generationId, String memberId, String groupInstanceId, List<Topic> topics)
    implements Message {

    public record Topic(String name, List<Partition> partitions) {
    }

    public record Partition(int partition, long offset, int leaderEpoch, String metadata) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.TXN_OFFSET_COMMIT;
    }

    public static final class Serializer extends MessageSerializer<TxnOffsetCommitRequest> {
        @Override
        protected void write(Output out, TxnOffsetCommitRequest m, short version) {
            Wire.writeString(out, m.transactionalId);
            Wire.writeString(out, m.groupId);
            out.writeLong(m.producerId);
            out.writeShort(m.producerEpoch);
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
        protected TxnOffsetCommitRequest read(Input in, short version) {
            return new TxnOffsetCommitRequest(Wire.readString(in), Wire.readString(in), in.readLong(), in.readShort(),
                in.readInt(), Wire.readString(in), Wire.readString(in),
                Wire.readList(in, i -> new Topic(Wire.readString(i), Wire.readList(i, i2 -> new Partition(
                    i2.readInt(), i2.readLong(), i2.readInt(), Wire.readString(i2))))));
        }
    }
}
