package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** Deletes topics: their data goes from every broker, including ones that are down now. */
public record DeleteTopicsRequest(List<String> topics, int timeoutMs) implements Message {
    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_TOPICS;
    }

    public static final class Serializer extends MessageSerializer<DeleteTopicsRequest> {
        @Override
        protected void write(Output out, DeleteTopicsRequest m, short version) {
            Wire.writeList(out, m.topics, Wire::writeString);
            out.writeInt(m.timeoutMs);
        }

        @Override
        protected DeleteTopicsRequest read(Input in, short version) {
            return new DeleteTopicsRequest(Wire.readList(in, Wire::readString), in.readInt());
        }
    }
}
