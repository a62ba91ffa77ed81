package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;

/**
 * Which broker coordinates {@code key}: a consumer group's id ({@link #GROUP_KEY_TYPE}) or a
 * transactional id ({@link #TRANSACTION_KEY_TYPE}), Kafka's key types.
 */
public record FindCoordinatorRequest(String key, byte keyType) implements Message {

    public static final byte GROUP_KEY_TYPE = 0;
    public static final byte TRANSACTION_KEY_TYPE = 1;

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FIND_COORDINATOR;
    }

    public static final class Serializer extends MessageSerializer<FindCoordinatorRequest> {
        @Override
        protected void write(Output out, FindCoordinatorRequest m, short version) {
            Wire.writeString(out, m.key);
            out.writeByte(m.keyType);
        }

        @Override
        protected FindCoordinatorRequest read(Input in, short version) {
            return new FindCoordinatorRequest(Wire.readString(in), in.readByte());
        }
    }
}
