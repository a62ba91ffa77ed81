package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;

/** The coordinator's broker id and address, or an error (COORDINATOR_NOT_AVAILABLE while none leads). */
public record FindCoordinatorResponse(Errors error, String errorMessage, int nodeId, String host, int port)
    implements Message {

    public static FindCoordinatorResponse error(Errors error, String message) {
        return new FindCoordinatorResponse(error, message, -1, "", -1);
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FIND_COORDINATOR;
    }

    public static final class Serializer extends MessageSerializer<FindCoordinatorResponse> {
        @Override
        protected void write(Output out, FindCoordinatorResponse m, short version) {
            out.writeShort(m.error.code());
            Wire.writeString(out, m.errorMessage);
            out.writeInt(m.nodeId);
            Wire.writeString(out, m.host);
            out.writeInt(m.port);
        }

        @Override
        protected FindCoordinatorResponse read(Input in, short version) {
            return new FindCoordinatorResponse(Errors.forCode(in.readShort()), Wire.readString(in), in.readInt(),
                Wire.readString(in), in.readInt());
        }
    }
}
