package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;

/** The member's assignment in the protocol's encoding, or an error. */
public record SyncGroupResponse(Errors error, String protocolType, String protocolName, byte[] assignment)
    implements Message {

    public static SyncGroupResponse error(Errors error) {
        return new SyncGroupResponse(error, null, null, new byte[0]);
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.SYNC_GROUP;
    }

    public static final class Serializer extends MessageSerializer<SyncGroupResponse> {
        @Override
        protected void write(Output out, SyncGroupResponse m, short version) {
            out.writeShort(m.error.code());
            Wire.writeString(out, m.protocolType);
            Wire.writeString(out, m.protocolName);
            Wire.writeBytes(out, m.assignment);
        }

        @Override
        protected SyncGroupResponse read(Input in, short version) {
            return new SyncGroupResponse(Errors.forCode(in.readShort()), Wire.readString(in), Wire.readString(in),
                Wire.readBytes(in));
        }
    }
}
