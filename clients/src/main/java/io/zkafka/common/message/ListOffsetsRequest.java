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
 * Per partition, the offset for a timestamp: {@link #EARLIEST_TIMESTAMP} (the log start offset),
 * {@link #LATEST_TIMESTAMP} (the end offset consumers of the isolation level may read to: the high
 * watermark, or the last stable offset for read_committed), or a time in milliseconds (the first
 * offset whose record timestamp is at or after it, below that end).
 *
 * <p>Versions: 0 without the isolation level (read_uncommitted); 1 adds it, an int8 after
 * {@code replicaId} (Kafka's ids).
 */
public record ListOffsetsRequest(int replicaId, IsolationLevel isolationLevel, List<ListOffsetsTopic> topics)
    implements Message {

    public static final long LATEST_TIMESTAMP = -1L;
    public static final long EARLIEST_TIMESTAMP = -2L;

    /** A read_uncommitted lookup. */
    public ListOffsetsRequest(int replicaId, List<ListOffsetsTopic> topics) {
        this(replicaId, IsolationLevel.READ_UNCOMMITTED, topics);
    }

    public record ListOffsetsTopic(String name, List<ListOffsetsPartition> partitions) {
    }

    public record ListOffsetsPartition(int partition, long timestamp) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_OFFSETS;
    }

    public static final class Serializer extends MessageSerializer<ListOffsetsRequest> {
        @Override
        protected void write(Output out, ListOffsetsRequest m, short version) {
            out.writeInt(m.replicaId);
            if (version >= 1) {
                out.writeByte(m.isolationLevel.id);
            }
            Wire.writeList(out, m.topics, (o, t) -> {
                Wire.writeString(o, t.name);
                Wire.writeList(o, t.partitions, (o2, p) -> {
                    o2.writeInt(p.partition);
                    o2.writeLong(p.timestamp);
                });
            });
        }

        @Override
        protected ListOffsetsRequest read(Input in, short version) {
            int replicaId = in.readInt();
            IsolationLevel isolationLevel = IsolationLevel.READ_UNCOMMITTED;
            if (version >= 1) {
                byte id = in.readByte();
                try {
                    isolationLevel = IsolationLevel.forId(id);
                } catch (IllegalArgumentException e) {
                    throw new MalformedMessageException(e.getMessage());
                }
            }
            return new ListOffsetsRequest(replicaId, isolationLevel, Wire.readList(in, i -> new ListOffsetsTopic(
                Wire.readString(i), Wire.readList(i, i2 -> new ListOffsetsPartition(i2.readInt(), i2.readLong())))));
        }
    }
}
