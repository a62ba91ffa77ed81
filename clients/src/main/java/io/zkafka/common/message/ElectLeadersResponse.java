package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** A request-level error, else a result per partition (ELECTION_NOT_NEEDED when it already had the leader asked for). */
public record ElectLeadersResponse(Errors error, List<PartitionResult> results) implements Message {
    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ELECT_LEADERS;
    }

    public static final class Serializer extends MessageSerializer<ElectLeadersResponse> {
        @Override
        protected void write(Output out, ElectLeadersResponse m, short version) {
            out.writeShort(m.error.code());
            Wire.writeList(out, m.results, PartitionResult::write);
        }

        @Override
        protected ElectLeadersResponse read(Input in, short version) {
            return new ElectLeadersResponse(Errors.forCode(in.readShort()), Wire.readList(in, PartitionResult::read));
        }
    }
}
