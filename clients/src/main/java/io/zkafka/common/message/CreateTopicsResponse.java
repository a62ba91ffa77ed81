package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** Per topic: created, or why not. */
public record CreateTopicsResponse(List<TopicResult> results) implements Message {
    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_TOPICS;
    }

    public static final class Serializer extends MessageSerializer<CreateTopicsResponse> {
        @Override
        protected void write(Output out, CreateTopicsResponse m, short version) {
            Wire.writeList(out, m.results, TopicResult::write);
        }

        @Override
        protected CreateTopicsResponse read(Input in, short version) {
            return new CreateTopicsResponse(Wire.readList(in, TopicResult::read));
        }
    }
}
