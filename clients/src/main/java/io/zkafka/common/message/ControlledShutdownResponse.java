package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** The partitions the stopping broker still leads because no other in-sync replica could take over. */
public record ControlledShutdownResponse(Errors error, List<TopicPartition> remainingPartitions) implements Message {
    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CONTROLLED_SHUTDOWN;
    }

    public static final class Serializer extends MessageSerializer<ControlledShutdownResponse> {
        @Override
        protected void write(Output out, ControlledShutdownResponse m, short version) {
            out.writeShort(m.error.code());
            Wire.writeList(out, m.remainingPartitions, PartitionResult::writePartition);
        }

        @Override
        protected ControlledShutdownResponse read(Input in, short version) {
            return new ControlledShutdownResponse(Errors.forCode(in.readShort()),
                Wire.readList(in, PartitionResult::readPartition));
        }
    }
}
