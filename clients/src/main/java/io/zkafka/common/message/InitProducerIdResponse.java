package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;

/** The producer id and epoch handed out, or an error (with -1 for both). */
public record InitProducerIdResponse(Errors error, String errorMessage, long producerId, short producerEpoch)
    implements Message {

    public static InitProducerIdResponse error(Errors error, String message) {
        return new InitProducerIdResponse(error, message, InitProducerIdRequest.NO_PRODUCER_ID,
            InitProducerIdRequest.NO_PRODUCER_EPOCH);
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.INIT_PRODUCER_ID;
    }

    public static final class Serializer extends MessageSerializer<InitProducerIdResponse> {
        @Override
        protected void write(Output out, InitProducerIdResponse m, short version) {
            out.writeShort(m.error.code());
            Wire.writeString(out, m.errorMessage);
            out.writeLong(m.producerId);
            out.writeShort(m.producerEpoch);
        }

        @Override
        protected InitProducerIdResponse read(Input in, short version) {
            return new InitProducerIdResponse(Errors.forCode(in.readShort()), Wire.readString(in), in.readLong(),
                in.readShort());
        }
    }
}
