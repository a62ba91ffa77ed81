package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** A request-level error (with its message), else a result per partition. */
public record AlterPartitionReassignmentsResponse(Errors error, String errorMessage, List<PartitionResult> results)
    implements Message {
    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_PARTITION_REASSIGNMENTS;
    }

    public static final class Serializer extends MessageSerializer<AlterPartitionReassignmentsResponse> {
        @Override
        protected void write(Output out, AlterPartitionReassignmentsResponse m, short version) {
            out.writeShort(m.error.code());
            Wire.writeString(out, m.errorMessage);
            Wire.writeList(out, m.results, PartitionResult::write);
        }

        @Override
        protected AlterPartitionReassignmentsResponse read(Input in, short version) {
            return new AlterPartitionReassignmentsResponse(Errors.forCode(in.readShort()), Wire.readString(in),
                Wire.readList(in, PartitionResult::read));
        }
    }
}
