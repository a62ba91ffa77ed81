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
 * Per partition, the error (and its message) or the producers the partition keeps state for: Kafka's
 * fields, with -1 for a last sequence, coordinator epoch or transaction start offset the producer does not
 * have.
 */
public record DescribeProducersResponse(List<TopicResponse> topics) implements Message {

    public record TopicResponse(String name, List<PartitionResponse> partitions) {
    }

    public record PartitionResponse(int partitionIndex, Errors error, String errorMessage,
                                    List<ProducerState> activeProducers) {
        public static PartitionResponse error(int partitionIndex, Errors error, String message) {
            return new PartitionResponse(partitionIndex, error, message, List.of());
        }
    }

    public record ProducerState(long producerId, int producerEpoch, int lastSequence, long lastTimestamp,
                                int coordinatorEpoch, long currentTxnStartOffset) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_PRODUCERS;
    }

    public static final class Serializer extends MessageSerializer<DescribeProducersResponse> {
        @Override
        protected void write(Output out, DescribeProducersResponse m, short version) {
            Wire.writeList(out, m.topics, (o, t) -> {
                Wire.writeString(o, t.name);
                Wire.writeList(o, t.partitions, (o2, p) -> {
                    o2.writeInt(p.partitionIndex);
                    o2.writeShort(p.error.code());
                    Wire.writeString(o2, p.errorMessage);
                    Wire.writeList(o2, p.activeProducers, (o3, s) -> {
                        o3.writeLong(s.producerId);
                        o3.writeInt(s.producerEpoch);
                        o3.writeInt(s.lastSequence);
                        o3.writeLong(s.lastTimestamp);
                        o3.writeInt(s.coordinatorEpoch);
                        o3.writeLong(s.currentTxnStartOffset);
                    });
                });
            });
        }

        @Override
        protected DescribeProducersResponse read(Input in, short version) {
            return new DescribeProducersResponse(Wire.readList(in, i -> new TopicResponse(Wire.readString(i),
                Wire.readList(i, i2 -> new PartitionResponse(i2.readInt(), Errors.forCode(i2.readShort()),
                    Wire.readString(i2), Wire.readList(i2, i3 -> new ProducerState(i3.readLong(), i3.readInt(),
                        i3.readInt(), i3.readLong(), i3.readInt(), i3.readLong())))))));
        }
    }
}
