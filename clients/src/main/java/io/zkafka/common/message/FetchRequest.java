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
 * follower's broker id for replica fetchers.
 */
public record FetchRequest(int replicaId, int maxWaitMs, int minBytes, int maxBytes, List<FetchTopic> topics)
    implements Message {

    public static final int CONSUMER_REPLICA_ID = -1;

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
            List<FetchTopic> topics = Wire.readList(in, i -> new FetchTopic(Wire.readString(i),
                Wire.readList(i, i2 -> new FetchPartition(i2.readInt(), i2.readInt(), i2.readLong(), i2.readLong(),
                    i2.readInt()))));
            return new FetchRequest(replicaId, maxWaitMs, minBytes, maxBytes, topics);
        }
    }
}
