package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;

/** NONE, or why the member must act: REBALANCE_IN_PROGRESS (rejoin), ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, NOT_COORDINATOR. */
public record HeartbeatResponse(Errors error) implements Message {

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.HEARTBEAT;
    }

    public static final class Serializer extends MessageSerializer<HeartbeatResponse> {
        @Override
        protected void write(Output out, HeartbeatResponse m, short version) {
            out.writeShort(m.error.code());
        }

        @Override
        protected HeartbeatResponse read(Input in, short version) {
            return new HeartbeatResponse(Errors.forCode(in.readShort()));
        }
    }
}
