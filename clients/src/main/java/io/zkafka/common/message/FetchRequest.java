package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.IsolationLevel;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.MalformedMessageException;
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
 * version 0, a follower not registered yet). A consumer's {@code isolationLevel} (version 2 and up)
 * says where its reads end: the high watermark (read_uncommitted) or the last stable offset
 * (read_committed, with the aborted transactions of what is read in the answer); followers read to
 * the log end.
 *
 * <p>Versions: 0 the base fields; 1 adds {@code replicaEpoch}, an int64 after {@code replicaId};
 * 2 adds the isolation level, an int8 after {@code maxBytes} (Kafka's ids; read_uncommitted below 2).
 */
public record FetchRequest(int replicaId, long replicaEpoch, int maxWaitMs, int minBytes, int maxBytes,
                           IsolationLevel isolationLevel, List<FetchTopic> topics) implements Message {

    public static final int CONSUMER_REPLICA_ID = -1;
    public static final long UNKNOWN_REPLICA_EPOCH = -1;
    /** The first version that carries {@code replicaEpoch}. */
    static final short REPLICA_EPOCH_VERSION = 1;
    /** The first version that carries {@code isolationLevel}. */
    static final short ISOLATION_LEVEL_VERSION = 2;

    /** A read_uncommitted fetch with a replica epoch (a follower's). */
    public FetchRequest(int replicaId, long replicaEpoch, int maxWaitMs, int minBytes, int maxBytes,
                        List<FetchTopic> topics) {
        this(replicaId, replicaEpoch, maxWaitMs, minBytes, maxBytes, IsolationLevel.READ_UNCOMMITTED, topics);
    }

    /** A fetch without a replica epoch (a consumer's, or a follower's that does not know its epoch). */
    public FetchRequest(int replicaId, int maxWaitMs, int minBytes, int maxBytes, IsolationLevel isolationLevel,
                        List<FetchTopic> topics) {
        this(replicaId, UNKNOWN_REPLICA_EPOCH, maxWaitMs, minBytes, maxBytes, isolationLevel, topics);
    }

    /** A read_uncommitted fetch without a replica epoch. */
    public FetchRequest(int replicaId, int maxWaitMs, int minBytes, int maxBytes, List<FetchTopic> topics) {
        this(replicaId, UNKNOWN_REPLICA_EPOCH, maxWaitMs, minBytes, maxBytes, IsolationLevel.READ_UNCOMMITTED, topics);
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
            if (version >= ISOLATION_LEVEL_VERSION) {
                out.writeByte(m.isolationLevel.id);
            }
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
            IsolationLevel isolationLevel = version >= ISOLATION_LEVEL_VERSION ? isolationLevel(in.readByte())
                : IsolationLevel.READ_UNCOMMITTED;
            List<FetchTopic> topics = Wire.readList(in, i -> new FetchTopic(Wire.readString(i),
                Wire.readList(i, i2 -> new FetchPartition(i2.readInt(), i2.readInt(), i2.readLong(), i2.readLong(),
                    i2.readInt()))));
            return new FetchRequest(replicaId, replicaEpoch, maxWaitMs, minBytes, maxBytes, isolationLevel, topics);
        }

        private static IsolationLevel isolationLevel(byte id) {
            try {
                return IsolationLevel.forId(id);
            } catch (IllegalArgumentException e) {
                throw new MalformedMessageException(e.getMessage());
            }
        }
    }
}
