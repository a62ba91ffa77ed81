package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** A request-level error (with its message), else each reassignment in progress. */
public record ListPartitionReassignmentsResponse(Errors error, String errorMessage,
                                                 List<OngoingReassignment> reassignments) implements Message {

    /**
     * A partition being reassigned: its replicas now (original and target together), those being
     * added (target only) and those to be removed once the targets are in sync (original only).
     */
    public record OngoingReassignment(TopicPartition partition, List<Integer> replicas, List<Integer> addingReplicas,
                                      List<Integer> removingReplicas) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_PARTITION_REASSIGNMENTS;
    }

    public static final class Serializer extends MessageSerializer<ListPartitionReassignmentsResponse> {
        @Override
        protected void write(Output out, ListPartitionReassignmentsResponse m, short version) {
            out.writeShort(m.error.code());
            Wire.writeString(out, m.errorMessage);
            Wire.writeList(out, m.reassignments, (o, r) -> {
                PartitionResult.writePartition(o, r.partition);
                Wire.writeIntList(o, r.replicas);
                Wire.writeIntList(o, r.addingReplicas);
                Wire.writeIntList(o, r.removingReplicas);
            });
        }

        @Override
        protected ListPartitionReassignmentsResponse read(Input in, short version) {
            return new ListPartitionReassignmentsResponse(Errors.forCode(in.readShort()), Wire.readString(in),
                Wire.readList(in, i -> new OngoingReassignment(PartitionResult.readPartition(i), Wire.readIntList(i),
                    Wire.readIntList(i), Wire.readIntList(i))));
        }
    }
}
