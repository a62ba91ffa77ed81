package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/**
 * A group-level error (NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS, ...) or, per partition, the
 * committed offset ({@link #NO_OFFSET} when none is committed) with its metadata.
 */
public record OffsetFetchResponse(Errors error, List<Topic> topics) implements Message {

    public static final long NO_OFFSET = -1L;

    public record Topic(String name, List<Partition> partitions) {
    }

    public record Partition(int partition, long offset, int leaderEpoch, String metadata, Errors error) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_FETCH;
    }

    public static final class Serializer extends MessageSerializer<OffsetFetchResponse> {
        @Override
        protected void write(Output out, OffsetFetchResponse m, short version) {
            out.writeShort(m.error.code());
            Wire.writeList(out, m.topics, (o, t) -> {
                Wire.writeString(o, t.name);
                Wire.writeList(o, t.partitions, (o2, p) -> {
                    o2.writeInt(p.partition);
                    o2.writeLong(p.offset);
                    o2.writeInt(p.leaderEpoch);
                    Wire.writeString(o2, p.metadata);
                    o2.writeShort(p.error.code());
                });
            });
        }

        @Override
        protected OffsetFetchResponse read(Input in, short version) {
            return new OffsetFetchResponse(Errors.forCode(in.readShort()), Wire.readList(in, i -> new Topic(
                Wire.readString(i), Wire.readList(i, i2 -> new Partition(i2.readInt(), i2.readLong(), i2.readInt(),
                    Wire.readString(i2), Errors.forCode(i2.readShort()))))));
        }
    }
}
