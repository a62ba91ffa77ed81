package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** Per topic: deleted, or why not. */
public record DeleteTopicsResponse(List<TopicResult> results) implements Message {
    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_TOPICS;
    }

    public static final class Serializer extends MessageSerializer<DeleteTopicsResponse> {
        @Override
        protected void write(Output out, DeleteTopicsResponse m, short version) {
            Wire.writeList(out, m.results, TopicResult::write);
        }

        @Override
        protected DeleteTopicsResponse read(Input in, short version) {
            return new DeleteTopicsResponse(Wire.readList(in, TopicResult::read));
        }
    }
}
