package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/**
 * Moves partitions to new replica lists, or (replicas {@code null}) cancels a partition's
 * reassignment in progress, reverting it to the replicas it had before.
 */
public record AlterPartitionReassignmentsRequest(List<ReassignablePartition> partitions, int timeoutMs)
    implements Message {

    /** One partition's target replicas, the first being the preferred leader; null cancels. */
    public record ReassignablePartition(TopicPartition partition, List<Integer> replicas) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_PARTITION_REASSIGNMENTS;
    }

    public static final class Serializer extends MessageSerializer<AlterPartitionReassignmentsRequest> {
        @Override
        protected void write(Output out, AlterPartitionReassignmentsRequest m, short version) {
            Wire.writeList(out, m.partitions, (o, p) -> {
                PartitionResult.writePartition(o, p.partition);
                Wire.writeIntList(o, p.replicas);
            });
            out.writeInt(m.timeoutMs);
        }

        @Override
        protected AlterPartitionReassignmentsRequest read(Input in, short version) {
            List<ReassignablePartition> partitions = Wire.readList(in,
                i -> new ReassignablePartition(PartitionResult.readPartition(i), Wire.readIntList(i)));
            return new AlterPartitionReassignmentsRequest(partitions, in.readInt());
        }
    }
}
