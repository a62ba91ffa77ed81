package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;

/**
 * The first request on a SASL_PLAINTEXT or SASL_SSL connection (Kafka's SaslHandshake v1): the SASL
 * mechanism the client will use. SaslAuthenticate requests carrying the tokens follow.
 */
public record SaslHandshakeRequest(String mechanism) implements Message {
    @Override
    public ApiKeys apiKey() {
        return ApiKeys.SASL_HANDSHAKE;
    }

    public static final class Serializer extends MessageSerializer<SaslHandshakeRequest> {
        @Override
        protected void write(Output out, SaslHandshakeRequest m, short version) {
            Wire.writeString(out, m.mechanism);
        }

        @Override
        protected SaslHandshakeRequest read(Input in, short version) {
            return new SaslHandshakeRequest(Wire.readString(in));
        }
    }
}
