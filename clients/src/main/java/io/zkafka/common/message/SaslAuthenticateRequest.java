package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;

/** One client token of the SASL exchange (Kafka's SaslAuthenticate). */
public record SaslAuthenticateRequest(byte[] authBytes) implements Message {
    @Override
    public ApiKeys apiKey() {
        return ApiKeys.SASL_AUTHENTICATE;
    }

    @Override
    public String toString() {
        return "SaslAuthenticateRequest(" + (authBytes == null ? 0 : authBytes.length) + " bytes)";
    }

    public static final class Serializer extends MessageSerializer<SaslAuthenticateRequest> {
        @Override
        protected void write(Output out, SaslAuthenticateRequest m, short version) {
            Wire.writeBytes(out, m.authBytes);
        }

        @Override
        protected SaslAuthenticateRequest read(Input in, short version) {
            return new SaslAuthenticateRequest(Wire.readBytes(in));
        }
    }
}
