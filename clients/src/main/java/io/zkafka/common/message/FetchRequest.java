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
 * follower's broker id for replica fetchers. A consumer's {@code isolationLevel} says where its
 * reads end: the high watermark (read_uncommitted) or the last stable offset (read_committed, with
 * the aborted transactions of what is read in the answer); followers read to the log end.
 *
 * <p>Versions: 0 without the isolation level (read_uncommitted); 1 adds it, an int8 after
 * {@code maxBytes} (Kafka's ids).
 */
public record FetchRequest(int replicaId, int maxWaitMs, int minBytes, int maxBytes, IsolationLevel isolationLevel,
                           List<FetchTopic> topics) implements Message {

    public static final int CONSUMER_REPLICA_ID = -1;

    /** A read_uncommitted fetch. */
    public FetchRequest(int replicaId, int maxWaitMs, int minBytes, int maxBytes, List<FetchTopic> topics) {
        this(replicaId, maxWaitMs, minBytes, maxBytes, IsolationLevel.READ_UNCOMMITTED, topics);
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
            out.writeInt(m.maxWaitMs);
            out.writeInt(m.minBytes);
            out.writeInt(m.maxBytes);
            if (version >= 1) {
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
            int maxWaitMs = in.readInt();
            int minBytes = in.readInt();
            int maxBytes = in.readInt();
            IsolationLevel isolationLevel = version >= 1 ? isolationLevel(in.readByte())
                : IsolationLevel.READ_UNCOMMITTED;
            List<FetchTopic> topics = Wire.readList(in, i -> new FetchTopic(Wire.readString(i),
                Wire.readList(i, i2 -> new FetchPartition(i2.readInt(), i2.readInt(), i2.readLong(), i2.readLong(),
                    i2.readInt()))));
            return new FetchRequest(replicaId, maxWaitMs, minBytes, maxBytes, isolationLevel, topics);
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
