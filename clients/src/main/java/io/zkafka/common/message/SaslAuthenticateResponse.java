package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;

/**
 * The server's next token, or SASL_AUTHENTICATION_FAILED with the reason (after which the broker closes
 * the connection).
 */
public record SaslAuthenticateResponse(Errors error, String errorMessage, byte[] authBytes) implements Message {
    @Override
    public ApiKeys apiKey() {
        return ApiKeys.SASL_AUTHENTICATE;
    }

    @Override
    public String toString() {
        return "SaslAuthenticateResponse(" + error + ", " + errorMessage + ")";
    }

    public static final class Serializer extends MessageSerializer<SaslAuthenticateResponse> {
        @Override
        protected void write(Output out, SaslAuthenticateResponse m, short version) {
            out.writeShort(m.error.code());
            Wire.writeString(out, m.errorMessage);
            Wire.writeBytes(out, m.authBytes);
        }

        @Override
        protected SaslAuthenticateResponse read(Input in, short version) {
            return new SaslAuthenticateResponse(Errors.forCode(in.readShort()), Wire.readString(in), Wire.readBytes(in));
        }
    }
}
