package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/**
 * A follower asks the leader where an epoch ends (KIP-101/279): per partition, the follower's
 * latest epoch, and the leader epoch it believes current (so a stale leader or follower is fenced).
 */
public record OffsetForLeaderEpochRequest(int replicaId, List<EpochTopic> topics) implements Message {

    public record EpochTopic(String name, List<EpochPartition> partitions) {
    }

    public record EpochPartition(int partition, int currentLeaderEpoch, int leaderEpoch) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_FOR_LEADER_EPOCH;
    }

    public static final class Serializer extends MessageSerializer<OffsetForLeaderEpochRequest> {
        @Override
        protected void write(Output out, OffsetForLeaderEpochRequest m, short version) {
            out.writeInt(m.replicaId);
            Wire.writeList(out, m.topics, (o, t) -> {
                Wire.writeString(o, t.name);
                Wire.writeList(o, t.partitions, (o2, p) -> {
                    o2.writeInt(p.partition);
                    o2.writeInt(p.currentLeaderEpoch);
                    o2.writeInt(p.leaderEpoch);
                });
            });
        }

        @Override
        protected OffsetForLeaderEpochRequest read(Input in, short version) {
            int replicaId = in.readInt();
            return new OffsetForLeaderEpochRequest(replicaId, Wire.readList(in, i -> new EpochTopic(Wire.readString(i),
                Wire.readList(i, i2 -> new EpochPartition(i2.readInt(), i2.readInt(), i2.readInt())))));
        }
    }
}
