package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;

/** A member is alive in this generation. */
public record HeartbeatRequest(String groupId, int generationId, String memberId, String groupInstanceId)
    implements Message {

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.HEARTBEAT;
    }

    public static final class Serializer extends MessageSerializer<HeartbeatRequest> {
        @Override
        protected void write(Output out, HeartbeatRequest m, short version) {
            Wire.writeString(out, m.groupId);
            out.writeInt(m.generationId);
            Wire.writeString(out, m.memberId);
            Wire.writeString(out, m.groupInstanceId);
        }

        @Override
        protected HeartbeatRequest read(Input in, short version) {
            return new HeartbeatRequest(Wire.readString(in), in.readInt(), Wire.readString(in), Wire.readString(in));
        }
    }
}
