package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;

/**
 * Asks for a producer id and epoch (Kafka's api key 22). Without a {@code transactionalId} (the
 * idempotent producer) any broker answers with a fresh id at epoch 0. The transactional fields
 * are Kafka's: {@code transactionTimeoutMs}, and the current {@code producerId}/{@code producerEpoch}
 * (-1 when there is none) with which a transactional producer asks the coordinator to bump its
 * epoch instead of starting over (KIP-360).
 */
public record InitProducerIdRequest(String transactionalId, int transactionTimeoutMs, long producerId,
                                    short producerEpoch) implements Message {

    public static final long NO_PRODUCER_ID = -1L;
    public static final short NO_PRODUCER_EPOCH = -1;

    /** The idempotent producer's request: no transactional id, no current id. */
    public static InitProducerIdRequest idempotent() {
        return new InitProducerIdRequest(null, Integer.MAX_VALUE, NO_PRODUCER_ID, NO_PRODUCER_EPOCH);
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.INIT_PRODUCER_ID;
    }

    public static final class Serializer extends MessageSerializer<InitProducerIdRequest> {
        @Override
        protected void write(Output out, InitProducerIdRequest m, short version) {
            Wire.writeString(out, m.transactionalId);
            out.writeInt(m.transactionTimeoutMs);
            out.writeLong(m.producerId);
            out.writeShort(m.producerEpoch);
        }

        @Override
        protected InitProducerIdRequest read(Input in, short version) {
            return new InitProducerIdRequest(Wire.readString(in), in.readInt(), in.readLong(), in.readShort());
        }
    }
}
