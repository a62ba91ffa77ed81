package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;

/**
 * From a transactional producer to its transaction coordinator (Kafka's api key 26): commit
 * ({@code committed}) or abort the ongoing transaction. Answered once the decision is in the
 * transaction log; the markers follow.
 */
public record EndTxnRequest(String transactionalId, long producerId, short producerEpoch, boolean committed)
    implements Message {

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.END_TXN;
    }

    public static final class Serializer extends MessageSerializer<EndTxnRequest> {
        @Override
        protected void write(Output out, EndTxnRequest m, short version) {
            Wire.writeString(out, m.transactionalId);
            out.writeLong(m.producerId);
            out.writeShort(m.producerEpoch);
            out.writeBoolean(m.committed);
        }

        @Override
        protected EndTxnRequest read(Input in, short version) {
            return new EndTxnRequest(Wire.readString(in), in.readLong(), in.readShort(), in.readBoolean());
        }
    }
}
