package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** Lists the reassignments in progress of the given partitions ({@code null}: all). */
public record ListPartitionReassignmentsRequest(List<TopicPartition> partitions, int timeoutMs) implements Message {
    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_PARTITION_REASSIGNMENTS;
    }

    public static final class Serializer extends MessageSerializer<ListPartitionReassignmentsRequest> {
        @Override
        protected void write(Output out, ListPartitionReassignmentsRequest m, short version) {
            Wire.writeList(out, m.partitions, PartitionResult::writePartition);
            out.writeInt(m.timeoutMs);
        }

        @Override
        protected ListPartitionReassignmentsRequest read(Input in, short version) {
            return new ListPartitionReassignmentsRequest(Wire.readList(in, PartitionResult::readPartition), in.readInt());
        }
    }
}
