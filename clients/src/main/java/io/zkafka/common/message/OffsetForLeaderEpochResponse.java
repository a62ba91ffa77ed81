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
 * Per partition: the largest epoch the leader has at or below the one asked for, and the offset
 * where it ends in the leader's log (-1, -1 when the leader cannot tell).
 */
public record OffsetForLeaderEpochResponse(List<EpochTopicResult> topics) implements Message {

    public record EpochTopicResult(String name, List<EpochEndOffsetResult> partitions) {
    }

    public record EpochEndOffsetResult(int partition, Errors error, int leaderEpoch, long endOffset) {
        public static EpochEndOffsetResult error(int partition, Errors error) {
            return new EpochEndOffsetResult(partition, error, -1, -1L);
        }
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_FOR_LEADER_EPOCH;
    }

    public static final class Serializer extends MessageSerializer<OffsetForLeaderEpochResponse> {
        @Override
        protected void write(Output out, OffsetForLeaderEpochResponse m, short version) {
            Wire.writeList(out, m.topics, (o, t) -> {
                Wire.writeString(o, t.name);
                Wire.writeList(o, t.partitions, (o2, p) -> {
                    o2.writeInt(p.partition);
                    o2.writeShort(p.error.code());
                    o2.writeInt(p.leaderEpoch);
                    o2.writeLong(p.endOffset);
                });
            });
        }

        @Override
        protected OffsetForLeaderEpochResponse read(Input in, short version) {
            return new OffsetForLeaderEpochResponse(Wire.readList(in, i -> new EpochTopicResult(Wire.readString(i),
                Wire.readList(i, i2 -> new EpochEndOffsetResult(i2.readInt(), Errors.forCode(i2.readShort()),
                    i2.readInt(), i2.readLong())))));
        }
    }
}
