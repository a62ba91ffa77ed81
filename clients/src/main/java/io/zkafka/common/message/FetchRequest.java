package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/**
 * Read from partitions starting at the given offsets. The broker answers once {@code minBytes}
 * are available or {@code maxWaitMs} passed. {@code replicaId} is -1 for consumers and the
 * follower's broker id for replica fetchers; {@code replicaEpoch} (version 1 and up, Kafka's
 * KIP-903 ReplicaEpoch) is a follower's broker epoch, so a leader can tell a fetch of the current
 * incarnation of that broker id from one of a replaced incarnation; -1 when unknown (consumers,
 * version 0, a follower not registered yet).
 */
public record FetchRequest(int replicaId, long replicaEpoch, int maxWaitMs, int minBytes, int maxBytes,
                           List<FetchTopic> topics) implements Message {

    public static final int CONSUMER_REPLICA_ID = -1;
    public static final long UNKNOWN_REPLICA_EPOCH = -1;
    /** The first version that carries {@code replicaEpoch}. */
    static final short REPLICA_EPOCH_VERSION = 1;

    /** A fetch without a replica epoch (a consumer's, or a follower's that does not know its epoch). */
    public FetchRequest(int replicaId, int maxWaitMs, int minBytes, int maxBytes, List<FetchTopic> topics) {
        this(replicaId, UNKNOWN_REPLICA_EPOCH, maxWaitMs, minBytes, maxBytes, topics);
    }

    public record FetchTopic(String name, List<FetchPartition> partitions) {
    }

    public record FetchPartition(int partition, int currentLeaderEpoch, long fetchOffset, long logStartOffset,
                                 int partitionMaxBytes) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FETCH;
    }

    public static final class Serializer extends MessageSerializer<FetchRequest> {
        @Override
        protected void write(Output out, FetchRequest m, short version) {
            out.writeInt(m.replicaId);
            if (version >= REPLICA_EPOCH_VERSION) {
                out.writeLong(m.replicaEpoch);
            }
            out.writeInt(m.maxWaitMs);
            out.writeInt(m.minBytes);
            out.writeInt(m.maxBytes);
            Wire.writeList(out, m.topics, (o, t) -> {
                Wire.writeString(o, t.name);
                Wire.writeList(o, t.partitions, (o2, p) -> {
                    o2.writeInt(p.partition);
                    o2.writeInt(p.currentLeaderEpoch);
                    o2.writeLong(p.fetchOffset);
                    o2.writeLong(p.logStartOffset);
                    o2.writeInt(p.partitionMaxBytes);
                });
            });
        }

        @Override
        protected FetchRequest read(Input in, short version) {
            int replicaId = in.readInt();
            long replicaEpoch = version >= REPLICA_EPOCH_VERSION ? in.readLong() : UNKNOWN_REPLICA_EPOCH;
            int maxWaitMs = in.readInt();
            int minBytes = in.readInt();
            int maxBytes = in.readInt();
            List<FetchTopic> topics = Wire.readList(in, i -> new FetchTopic(Wire.readString(i),
                Wire.readList(i, i2 -> new FetchPartition(i2.readInt(), i2.readInt(), i2.readLong(), i2.readLong(),
                    i2.readInt()))));
            return new FetchRequest(replicaId, replicaEpoch, maxWaitMs, minBytes, maxBytes, topics);
        }
    }
}
