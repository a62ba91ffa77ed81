package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** NONE, UNSUPPORTED_SASL_MECHANISM or ILLEGAL_SASL_STATE, with the mechanisms the listener enables. */
public record SaslHandshakeResponse(Errors error, List<String> mechanisms) implements Message {
    @Override
    public ApiKeys apiKey() {
        return ApiKeys.SASL_HANDSHAKE;
    }

    public static final class Serializer extends MessageSerializer<SaslHandshakeResponse> {
        @Override
        protected void write(Output out, SaslHandshakeResponse m, short version) {
            out.writeShort(m.error.code());
            Wire.writeList(out, m.mechanisms, Wire::writeString);
        }

        @Override
        protected SaslHandshakeResponse read(Input in, short version) {
            return new SaslHandshakeResponse(Errors.forCode(in.readShort()), Wire.readList(in, Wire::readString));
        }
    }
}
