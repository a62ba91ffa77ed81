package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;

/**
 * From a transactional producer to its transaction coordinator (Kafka's api key 25): the offsets
 * partition of group {@code groupId} joins the transaction, so the group's offsets committed in it
 * (TxnOffsetCommit) become visible only with its commit marker.
 */
public record AddOffsetsToTxnRequest(String transactionalId, long producerId, short producerEpoch, String groupId)
    implements Message {

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ADD_OFFSETS_TO_TXN;
    }

    public static final class Serializer extends MessageSerializer<AddOffsetsToTxnRequest> {
        @Override
        protected void write(Output out, AddOffsetsToTxnRequest m, short version) {
            Wire.writeString(out, m.transactionalId);
            out.writeLong(m.producerId);
            out.writeShort(m.producerEpoch);
            Wire.writeString(out, m.groupId);
        }

        @Override
        protected AddOffsetsToTxnRequest read(Input in, short version) {
            return new AddOffsetsToTxnRequest(Wire.readString(in), in.readLong(), in.readShort(), Wire.readString(in));
        }
    }
}
